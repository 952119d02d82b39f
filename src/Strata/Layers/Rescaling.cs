namespace Strata.Layers;

/// <summary>keras.layers.Rescaling: inputs · scale + offset, as float32 (e.g. <c>new Rescaling(1f / 255)</c> for pixels).</summary>
public class Rescaling(double scale, double offset = 0, string? name = null) : Layer(name)
{
    public float Scale { get; } = (float)scale;

    public float Offset { get; } = (float)offset;

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor scaled = inputs.AsType(DType.Float32) * Scale;
        return Offset == 0f ? scaled : scaled + Offset;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["scale"] = Scale;
        config["offset"] = Offset;
        return config;
    }
}
