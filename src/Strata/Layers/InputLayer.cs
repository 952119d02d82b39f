namespace Strata.Layers;

/// <summary>
/// Declares the input shape at the head of a <see cref="Sequential"/> model (Keras: keras.Input in
/// the layer list), so the model is built — and summarized — before it sees data. Its dtype is the one the
/// model's inputs are converted to (float32 by default; DType.String for a model that starts with TextVectorization).
/// </summary>
public sealed class InputLayer : Layer
{
    /// <summary>An input layer for samples of <paramref name="shape"/>.</summary>
    /// <param name="shape">The shape of one sample, without the batch axis; every dimension positive.</param>
    /// <param name="name">The layer's name; null for "input_layer" made unique.</param>
    /// <param name="dtype">The dtype the model's inputs are converted to; float32 by default.</param>
    public InputLayer(int[] shape, string? name = null, DType dtype = DType.Float32)
        : base(name ?? Naming.Unique("input_layer"))
    {
        DType = dtype;
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.All(d => d > 0)) throw new ArgumentException($"InputLayer: every dimension of shape {Shape.Format(shape)} must be positive (the batch axis is implicit).", nameof(shape));
        InputShape = (int[])shape.Clone();
    }

    /// <summary>The dtype the model's inputs are converted to (Keras's <c>dtype</c>).</summary>
    public DType DType { get; }

    /// <summary>The shape of one sample (no batch axis).</summary>
    public int[] InputShape { get; }

    /// <summary>Returns the inputs unchanged, after checking that each sample has <see cref="InputShape"/>.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!inputs.Shape.Dims.AsSpan(1).SequenceEqual(InputShape))
        {
            throw new ArgumentException($"InputLayer '{Name}': expected samples of shape {Shape.Format(InputShape)}, got a batch of shape {inputs.Shape}.");
        }
        return inputs;
    }

    /// <summary>Keras's config: the base config and shape and dtype.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["shape"] = InputShape;
        config["dtype"] = DType.Name();
        return config;
    }
}
