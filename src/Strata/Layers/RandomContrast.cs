namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomContrast (channels last): in training, each image's contrast is scaled by a
/// factor drawn in [1 − factor, 1 + factor]: (x − mean) · f + mean, with each channel's mean over the
/// image, then clipped to valueRange (Keras's default [0, 255]); in inference the images pass unchanged.
/// </summary>
public class RandomContrast : Layer
{
    private readonly RandomGenerator? _generator;

    public RandomContrast(double factor, (double Low, double High)? valueRange = null, int? seed = null, string? name = null)
        : base(name)
    {
        if (!(factor >= 0f && factor <= 1f)) throw new ArgumentException($"RandomContrast: factor must lie in [0, 1], got {factor}.", nameof(factor));
        Factor = (float)factor;
        ValueRange = valueRange is (double low, double high) ? ((float)low, (float)high) : (0f, 255f);
        if (!(ValueRange.Low < ValueRange.High)) throw new ArgumentException($"RandomContrast: valueRange must be (low, high) with low < high, got {ValueRange}.", nameof(valueRange));
        Seed = seed;
        _generator = seed is int s ? new RandomGenerator((ulong)s) : null;
    }

    public float Factor { get; }

    public (float Low, float High) ValueRange { get; }

    public int? Seed { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        if (!training || Factor == 0f) return inputs;
        Tensor x = inputs.AsType(DType.Float32);
        Tensor factor = (Ops.RandomUniform(new Shape(x.Shape[0], 1, 1, 1), _generator) * (2f * Factor)) + (1f - Factor);
        Tensor mean = Ops.Mean(x, [1, 2], keepDims: true);
        return Ops.Clip(((x - mean) * factor) + mean, ValueRange.Low, ValueRange.High);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["factor"] = Factor;
        config["value_range"] = new[] { ValueRange.Low, ValueRange.High };
        config["seed"] = Seed;
        return config;
    }
}
