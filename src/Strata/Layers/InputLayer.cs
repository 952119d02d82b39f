namespace Strata.Layers;

/// <summary>
/// Declares the input shape at the head of a <see cref="Sequential"/> model (Keras: keras.Input in
/// the layer list), so the model is built — and summarized — before it sees data. Its dtype is the one the
/// model's inputs are converted to (float32 by default; DType.String for a model that starts with TextVectorization).
/// </summary>
public sealed class InputLayer : Layer
{
    public InputLayer(int[] shape, string? name = null, DType dtype = DType.Float32)
        : base(name ?? Naming.Unique("input_layer"))
    {
        DType = dtype;
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.All(d => d > 0)) throw new ArgumentException($"InputLayer: every dimension of shape {Shape.Format(shape)} must be positive (the batch axis is implicit).", nameof(shape));
        InputShape = (int[])shape.Clone();
    }

    public DType DType { get; }

    /// <summary>The shape of one sample (no batch axis).</summary>
    public int[] InputShape { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!inputs.Shape.Dims.AsSpan(1).SequenceEqual(InputShape))
        {
            throw new ArgumentException($"InputLayer '{Name}': expected samples of shape {Shape.Format(InputShape)}, got a batch of shape {inputs.Shape}.");
        }
        return inputs;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["shape"] = InputShape;
        config["dtype"] = DType.Name();
        return config;
    }
}
