namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomTranslation (channels last): in training, each image is shifted by fractions of its
/// height and width drawn in the given ranges (a single f means [-f, f]); points from outside the image are
/// filled by <see cref="BaseRandomTransform.FillMode"/> ("reflect"). In inference the images pass unchanged.
/// </summary>
public class RandomTranslation : BaseRandomTransform
{
    public RandomTranslation(double heightFactor, double widthFactor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : this((-Math.Abs(heightFactor), Math.Abs(heightFactor)), (-Math.Abs(widthFactor), Math.Abs(widthFactor)), fillMode, interpolation, seed, fillValue, name)
    {
    }

    public RandomTranslation((double Lower, double Upper) heightFactor, (double Lower, double Upper) widthFactor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, name)
    {
        HeightFactor = Range(heightFactor, 1, "RandomTranslation: heightFactor");
        WidthFactor = Range(widthFactor, 1, "RandomTranslation: widthFactor");
    }

    public (double Lower, double Upper) HeightFactor { get; }

    public (double Lower, double Upper) WidthFactor { get; }

    private protected override int DrawsPerImage => 2;

    /// <summary>keras's translation matrix: output (x, y) reads the input at (x - dx, y - dy).</summary>
    private protected override void Transform(ReadOnlySpan<float> draws, int height, int width, Span<float> t)
    {
        float dy = Between(HeightFactor, draws[0]) * height, dx = Between(WidthFactor, draws[1]) * width;
        ReadOnlySpan<float> values = [1, 0, -dx, 0, 1, -dy, 0, 0];
        values.CopyTo(t);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["height_factor"] = new[] { HeightFactor.Lower, HeightFactor.Upper };
        config["width_factor"] = new[] { WidthFactor.Lower, WidthFactor.Upper };
        return config;
    }
}
