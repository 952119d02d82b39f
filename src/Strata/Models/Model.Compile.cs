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
    /// <param name="optimizer">An optimizer or its Keras name ("rmsprop", "adam", "sgd"...); RMSprop(0.001) when null.</param>
    /// <param name="loss">The loss of every output, or its Keras name ("categorical_crossentropy", "mse"...).</param>
    /// <param name="metrics">Metrics by Keras name ("accuracy", "mae"...) or as objects, reported by Fit and Evaluate.</param>
    /// <param name="losses">One loss per output instead of <paramref name="loss"/>, for a model with several outputs.</param>
    /// <param name="lossWeights">Each output's weight in the total loss; 1 each when null.</param>
    /// <example>
    /// <code>
    /// model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
    /// model.Compile(optimizer: new Adam(learningRate: 1e-4), loss: new BinaryCrossentropy(fromLogits: true), metrics: ["accuracy"]);
    /// </code>
    /// </example>
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
        MetricSpec[] shared = [.. metrics ?? []];
        _compiled = new CompiledTraining(optimizer ?? new RMSprop(), perOutput, weights, Enumerable.Repeat(shared, outputs).ToArray(), [.. OutputNames]);
    }

    /// <summary>
    /// Compile with each output's own metrics, as Keras's <c>metrics=[["mae"], ["accuracy"]]</c>: one list per output,
    /// in output order (metric objects allowed, each output's its own).
    /// </summary>
    public void Compile(Optimizer? optimizer, IReadOnlyList<Loss> losses, IReadOnlyList<IReadOnlyList<MetricSpec>> metrics, IReadOnlyList<float>? lossWeights = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Compile(optimizer, losses: losses, lossWeights: lossWeights);
        if (metrics.Count != OutputNames.Count)
        {
            throw new ArgumentException($"Compile: model '{Name}' has {OutputNames.Count} output(s) ({string.Join(", ", OutputNames)}) but {metrics.Count} metric lists were given.", nameof(metrics));
        }
        _compiled = new CompiledTraining(_compiled!.Optimizer, [.. _compiled.Losses], [.. _compiled.LossWeights], metrics.Select(m => m.ToArray()).ToArray(), [.. OutputNames], metricsPerOutput: true);
    }

    /// <summary>
    /// Compile with settings by output name, as Keras's <c>loss={"priority": "mse", "department": …}</c>: every output
    /// needs its loss; metrics and loss weights may name some outputs only.
    /// </summary>
    public void Compile(Optimizer? optimizer, IReadOnlyDictionary<string, Loss> loss, IReadOnlyDictionary<string, IReadOnlyList<MetricSpec>>? metrics = null,
        IReadOnlyDictionary<string, float>? lossWeights = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Loss[] losses = ByOutputName(loss, "loss", required: true, fallback: new MeanSquaredError()); // the fallback is never taken: every output needs its loss
        float[] weights = ByOutputName(lossWeights, "lossWeights", required: false, fallback: 1f);
        Compile(optimizer, losses, ByOutputName(metrics, "metrics", required: false, fallback: (IReadOnlyList<MetricSpec>)[]), weights);
    }

    /// <summary>A value per output, in output order, from a dictionary by output name; a name the model does not have is an error.</summary>
    private T[] ByOutputName<T>(IReadOnlyDictionary<string, T>? byName, string what, bool required, T fallback)
    {
        IReadOnlyList<string> names = OutputNames;
        if (byName is not null)
        {
            string? unknown = byName.Keys.FirstOrDefault(k => !names.Contains(k));
            if (unknown is not null) throw new ArgumentException($"Compile: {what} names an output '{unknown}' that model '{Name}' does not have; its outputs: {string.Join(", ", names)}.", what);
        }
        return names.Select(n => byName is not null && byName.TryGetValue(n, out T? value) ? value
            : required ? throw new ArgumentException($"Compile: {what} has no entry for output '{n}'.", what) : fallback).ToArray();
    }

    /// <summary>What Compile set, or null before Compile (saved with the model).</summary>
    internal CompiledTraining? CompiledSettings => _compiled;

    private CompiledTraining Compiled => _compiled
        ?? throw new InvalidOperationException($"Model '{Name}' must be compiled before training or evaluation: call Compile(optimizer, loss, metrics) first.");
}
