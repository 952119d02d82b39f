using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.Embedding: each integer index (0 ≤ index &lt; inputDim) becomes its row of a trainable
/// (inputDim, outputDim) matrix, so (batch, steps) indices give (batch, steps, outputDim). Rows start
/// uniform in [-0.05, 0.05], as Keras's. With <c>maskZero</c>, index 0 is padding:
/// <see cref="ComputeMask"/> marks the other positions (and inputDim must leave room for index 0).
/// </summary>
/// <example>
/// <code>
/// var embedding = new Embedding(inputDim: 10000, outputDim: 8);
/// Tensor vectors = embedding.Call(indices);   // (batch, steps) Int32/Int64 to (batch, steps, 8)
/// </code>
/// </example>
public class Embedding : Layer
{
    private Variable? _embeddings;

    /// <summary>An embedding layer for indices in [0, <paramref name="inputDim"/>).</summary>
    /// <param name="inputDim">The size of the vocabulary: the largest index plus one (Keras's <c>input_dim</c>).</param>
    /// <param name="outputDim">The dimension of each embedding vector (Keras's <c>output_dim</c>).</param>
    /// <param name="embeddingsInitializer">The matrix's initializer; uniform in [-0.05, 0.05] when null.</param>
    /// <param name="embeddingsRegularizer">A penalty on the matrix, or null.</param>
    /// <param name="maskZero">Whether index 0 is padding, masked for the layers that follow.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
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

    /// <summary>The size of the vocabulary: the largest index plus one (Keras's <c>input_dim</c>).</summary>
    public int InputDim { get; }

    /// <summary>The dimension of each embedding vector (Keras's <c>output_dim</c>).</summary>
    public int OutputDim { get; }

    /// <summary>The matrix's initializer (Keras's <c>embeddings_initializer</c>).</summary>
    public Initializer EmbeddingsInitializer { get; }

    /// <summary>The penalty on the matrix, or null (Keras's <c>embeddings_regularizer</c>).</summary>
    public Regularizer? EmbeddingsRegularizer { get; }

    /// <summary>Whether index 0 is padding and masked (Keras's <c>mask_zero</c>).</summary>
    public bool MaskZero { get; }

    /// <summary>The (inputDim, outputDim) matrix, created when the layer is built.</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable Embeddings => _embeddings ?? throw new InvalidOperationException($"Embedding '{Name}' is not built yet: call it on data or build it with an input shape first.");

    /// <summary>Creates the (inputDim, outputDim) embeddings matrix; the input shape does not matter.</summary>
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

    /// <summary>Keras's config: the base config and input_dim, output_dim, embeddings_initializer, embeddings_regularizer and mask_zero.</summary>
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
