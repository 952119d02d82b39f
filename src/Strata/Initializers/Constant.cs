namespace Strata.Initializers;

/// <summary>Every element set to <paramref name="value"/>.</summary>
public class Constant(double value = 0) : Initializer
{
    public float Value { get; } = (float)value;

    public override Tensor Call(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Full(shape, Value);
    }

    public override Dictionary<string, object?> GetConfig() => new() { ["value"] = Value };
}
