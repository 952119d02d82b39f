using Strata.Losses;
using Strata.Optimizers;

namespace Strata;

public partial class Model
{
    private CompiledTraining? _compiled;

    /// <summary>The optimizer given to Compile.</summary>
    public Optimizer? Optimizer => _compiled?.Optimizer;

    /// <summary>Set by a callback to end Fit after the current epoch (Keras: model.stop_training).</summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Configures training, as Keras's compile: an optimizer (default "rmsprop"), a loss for every
    /// output (or <paramref name="losses"/>, one per output, with optional <paramref name="lossWeights"/>),
    /// and metrics by name or as objects.
    /// </summary>
    public void Compile(Optimizer? optimizer = null, Loss? loss = null, IReadOnlyList<MetricSpec>? metrics = null,
        IReadOnlyList<Loss>? losses = null, IReadOnlyList<float>? lossWeights = null)
    {
        int outputs = OutputNames.Count;
        if (loss is not null && losses is not null) throw new ArgumentException("Compile: give either loss (for every output) or losses (one per output), not both.");
        Loss[] perOutput = losses is not null ? [.. losses] : loss is not null ? Enumerable.Repeat(loss, outputs).ToArray()
            : throw new ArgumentException("Compile: a loss is required (e.g. loss: \"categorical_crossentropy\").", nameof(loss));
        if (perOutput.Length != outputs)
        {
            throw new ArgumentException($"Compile: model '{Name}' has {outputs} output(s) ({string.Join(", ", OutputNames)}) but {perOutput.Length} losses were given.", nameof(losses));
        }
        float[] weights = lossWeights is null ? Enumerable.Repeat(1f, outputs).ToArray() : [.. lossWeights];
        if (weights.Length != outputs) throw new ArgumentException($"Compile: model '{Name}' has {outputs} output(s) but {weights.Length} loss weights were given.", nameof(lossWeights));
        _compiled = new CompiledTraining(optimizer ?? new RMSprop(), perOutput, weights, [.. metrics ?? []], [.. OutputNames]);
    }

    /// <summary>What Compile set, or null before Compile (saved with the model).</summary>
    internal CompiledTraining? CompiledSettings => _compiled;

    private CompiledTraining Compiled => _compiled
        ?? throw new InvalidOperationException($"Model '{Name}' must be compiled before training or evaluation: call Compile(optimizer, loss, metrics) first.");
}
