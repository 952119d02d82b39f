namespace Strata.Initializers;

/// <summary>Every element set to <paramref name="value"/>.</summary>
public class Constant(double value = 0) : Initializer
{
    /// <summary>The value of every element, as float32 (Keras's <c>value</c>, default 0).</summary>
    public float Value { get; } = (float)value;

    /// <summary>A new tensor of <paramref name="shape"/> filled with <see cref="Value"/>.</summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Full(shape, Value);
    }

    /// <summary>The config: {"value": value}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["value"] = Value };
}
