namespace Strata.Layers;

/// <summary>keras.layers.Rescaling: inputs · scale + offset, as float32 (e.g. <c>new Rescaling(1f / 255)</c> for pixels).</summary>
public class Rescaling(double scale, double offset = 0, string? name = null) : Layer(name)
{
    /// <summary>The factor the inputs are multiplied by (Keras's <c>scale</c>).</summary>
    public float Scale { get; } = (float)scale;

    /// <summary>The value added after scaling; 0 by default (Keras's <c>offset</c>).</summary>
    public float Offset { get; } = (float)offset;

    /// <summary>The inputs as float32, times <see cref="Scale"/>, plus <see cref="Offset"/>.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor scaled = inputs.AsType(DType.Float32) * Scale;
        return Offset == 0f ? scaled : scaled + Offset;
    }

    /// <summary>Keras's config: the base config and scale and offset.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["scale"] = Scale;
        config["offset"] = Offset;
        return config;
    }
}
