namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomContrast (channels last): in training, each image's contrast is scaled by a
/// factor drawn in [1 − factor, 1 + factor]: (x − mean) · f + mean, with each channel's mean over the
/// image, then clipped to valueRange (Keras's default [0, 255]); in inference the images pass unchanged.
/// </summary>
public class RandomContrast : Layer
{
    private readonly RandomGenerator? _generator;

    /// <summary>A layer that scales each image's contrast by a random factor in [1 − <paramref name="factor"/>, 1 + <paramref name="factor"/>], in training.</summary>
    /// <param name="factor">How far the contrast factor may stray from 1, in [0, 1].</param>
    /// <param name="valueRange">The range the outputs are clipped to, low &lt; high; (0, 255) when null.</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
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

    /// <summary>How far the contrast factor may stray from 1 (Keras's <c>factor</c>).</summary>
    public float Factor { get; }

    /// <summary>The range the outputs are clipped to; (0, 255) by default (Keras's <c>value_range</c>).</summary>
    public (float Low, float High) ValueRange { get; }

    /// <summary>The seed of the random draws, or null (Keras's <c>seed</c>).</summary>
    public int? Seed { get; }

    /// <summary>In training (and factor above 0), each image of (batch, height, width, channels) with its contrast scaled, as float32, clipped to <see cref="ValueRange"/>; otherwise the inputs unchanged.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        if (!training || Factor == 0f) return inputs;
        Tensor x = inputs.AsType(DType.Float32);
        Tensor factor = (Ops.RandomUniform(new Shape(x.Shape[0], 1, 1, 1), _generator) * (2f * Factor)) + (1f - Factor);
        Tensor mean = Ops.Mean(x, [1, 2], keepDims: true);
        return Ops.Clip(((x - mean) * factor) + mean, ValueRange.Low, ValueRange.High);
    }

    /// <summary>Keras's config: the base config and factor, value_range and seed.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["factor"] = Factor;
        config["value_range"] = new[] { ValueRange.Low, ValueRange.High };
        config["seed"] = Seed;
        return config;
    }
}
