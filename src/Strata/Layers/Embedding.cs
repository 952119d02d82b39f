using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.Embedding: each integer index (0 ≤ index &lt; inputDim) becomes its row of a trainable
/// (inputDim, outputDim) matrix, so (batch, steps) indices give (batch, steps, outputDim). Rows start
/// uniform in [-0.05, 0.05], as Keras's. With <paramref name="maskZero"/>, index 0 is padding:
/// <see cref="ComputeMask"/> marks the other positions (and inputDim must leave room for index 0).
/// </summary>
public class Embedding : Layer
{
    private Variable? _embeddings;

    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null, Regularizer? embeddingsRegularizer = null,
        bool maskZero = false, string? name = null)
        : base(name)
    {
        if (inputDim <= 0) throw new ArgumentException($"Embedding: inputDim must be positive, got {inputDim}.", nameof(inputDim));
        if (outputDim <= 0) throw new ArgumentException($"Embedding: outputDim must be positive, got {outputDim}.", nameof(outputDim));
        InputDim = inputDim;
        OutputDim = outputDim;
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
        EmbeddingsRegularizer = embeddingsRegularizer;
        MaskZero = maskZero;
    }

    public int InputDim { get; }

    public int OutputDim { get; }

    public Initializer EmbeddingsInitializer { get; }

    public Regularizer? EmbeddingsRegularizer { get; }

    public bool MaskZero { get; }

    public Variable Embeddings => _embeddings ?? throw new InvalidOperationException($"Embedding '{Name}' is not built yet: call it on data or build it with an input shape first.");

    protected override void Build(int[] inputShape) =>
        _embeddings = AddWeight("embeddings", [InputDim, OutputDim], EmbeddingsInitializer, EmbeddingsRegularizer);

    /// <summary>Gathers the rows; indices of a float dtype are cast to integers first, as Keras does.</summary>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Take(Embeddings, inputs.DType.IsInteger() ? inputs : inputs.AsType(DType.Int32), axis: 0);

    /// <summary>Keras's compute_mask: true where the index is not 0 when maskZero, else null (no mask).</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return MaskZero ? Ops.NotEqual(inputs, Tensor.Zeros([]).AsType(inputs.DType)) : null;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["input_dim"] = InputDim;
        config["output_dim"] = OutputDim;
        config["embeddings_initializer"] = EmbeddingsInitializer.Name;
        config["embeddings_regularizer"] = LayerRegistry.RegularizerConfig(EmbeddingsRegularizer);
        config["mask_zero"] = MaskZero;
        return config;
    }
}
