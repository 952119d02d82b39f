namespace Strata.Layers;

/// <summary>
/// The augmentation layers that move pixels (RandomRotation, RandomZoom, RandomTranslation), as Keras 3's:
/// in training, each image gets its own random projective transform, read through
/// <see cref="Ops.AffineTransform"/> with the layer's interpolation and fill mode; in inference the images
/// pass unchanged. A seed makes the draws reproducible.
/// </summary>
public abstract class BaseRandomTransform : Layer
{
    private readonly RandomGenerator? _generator;

    private protected BaseRandomTransform(string fillMode, string interpolation, int? seed, double fillValue, string? name)
        : base(name)
    {
        Ops.Fill(fillMode, GetType().Name); // checks the name
        if (interpolation is not ("bilinear" or "nearest")) throw new ArgumentException($"{GetType().Name}: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".", nameof(interpolation));
        (FillMode, Interpolation, Seed, FillValue) = (fillMode, interpolation, seed, fillValue);
        _generator = seed is int s ? new RandomGenerator((ulong)s) : null;
    }

    /// <summary>"reflect" (Keras's default), "wrap", "constant" or "nearest": how points outside the image are read.</summary>
    public string FillMode { get; }

    /// <summary>"bilinear" (Keras's default) or "nearest": how pixel values are read between pixels (Keras's <c>interpolation</c>).</summary>
    public string Interpolation { get; }

    /// <summary>The seed of the layer's random draws, or null for unseeded draws (Keras's <c>seed</c>).</summary>
    public int? Seed { get; }

    /// <summary>The value read outside the image when <see cref="FillMode"/> is "constant".</summary>
    public double FillValue { get; }

    /// <summary>How many uniform draws in [0, 1) each image's transform takes.</summary>
    private protected abstract int DrawsPerImage { get; }

    /// <summary>Writes an image's 8 transform values (see <see cref="Ops.AffineTransform"/>) from its draws.</summary>
    private protected abstract void Transform(ReadOnlySpan<float> draws, int height, int width, Span<float> transform);

    /// <summary>In training, transforms each image of (batch, height, width, channels) by its own random draw; in inference returns the inputs unchanged.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        if (!training) return inputs;
        int h = inputs.Shape[1], w = inputs.Shape[2];
        Tensor draws = Ops.RandomUniform(new Shape(inputs.Shape[0], DrawsPerImage), _generator);
        Tensor transforms = Ops.ImageTransforms($"{GetType().Name}Transforms", draws, $"{Name} {h}x{w}", (d, t) => Transform(d, h, w, t));
        return Ops.AffineTransform(inputs, transforms, Interpolation, FillMode, (float)FillValue);
    }

    /// <summary>A range given as one number f, meaning [-f, f], checked to lie within [-limit, limit].</summary>
    private protected static (double Lower, double Upper) Range((double Lower, double Upper) factor, double limit, string what)
    {
        if (!(factor.Lower <= factor.Upper) || factor.Lower < -limit || factor.Upper > limit)
        {
            throw new ArgumentException($"{what} must be a range (lower, upper) with -{limit} <= lower <= upper <= {limit}, got ({factor.Lower}, {factor.Upper}).");
        }
        return factor;
    }

    private protected static float Between((double Lower, double Upper) range, float draw) => (float)(range.Lower + ((range.Upper - range.Lower) * draw));

    /// <summary>Keras's config: the base config and fill_mode, interpolation, seed and fill_value.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["fill_mode"] = FillMode;
        config["interpolation"] = Interpolation;
        config["seed"] = Seed;
        config["fill_value"] = FillValue;
        return config;
    }
}
