namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomTranslation (channels last): in training, each image is shifted by fractions of its
/// height and width drawn in the given ranges (a single f means [-f, f]); points from outside the image are
/// filled by <see cref="BaseRandomTransform.FillMode"/> ("reflect"). In inference the images pass unchanged.
/// </summary>
public class RandomTranslation : BaseRandomTransform
{
    /// <summary>A layer that shifts images by up to ±<paramref name="heightFactor"/> of their height and ±<paramref name="widthFactor"/> of their width, in training.</summary>
    /// <param name="heightFactor">The largest vertical shift, as a fraction of the height, within [-1, 1].</param>
    /// <param name="widthFactor">The largest horizontal shift, as a fraction of the width, within [-1, 1].</param>
    /// <param name="fillMode">How points from outside the image are read: "reflect" (the default), "wrap", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="fillValue">The value read outside the image when <paramref name="fillMode"/> is "constant"; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomTranslation(double heightFactor, double widthFactor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : this((-Math.Abs(heightFactor), Math.Abs(heightFactor)), (-Math.Abs(widthFactor), Math.Abs(widthFactor)), fillMode, interpolation, seed, fillValue, name)
    {
    }

    /// <summary>A layer that shifts images by fractions of their height and width drawn in the given ranges, in training.</summary>
    /// <param name="heightFactor">The range (lower, upper) of vertical shifts, fractions of the height with -1 &lt;= lower &lt;= upper &lt;= 1.</param>
    /// <param name="widthFactor">The range (lower, upper) of horizontal shifts, fractions of the width with -1 &lt;= lower &lt;= upper &lt;= 1.</param>
    /// <param name="fillMode">How points from outside the image are read: "reflect" (the default), "wrap", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="fillValue">The value read outside the image when <paramref name="fillMode"/> is "constant"; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomTranslation((double Lower, double Upper) heightFactor, (double Lower, double Upper) widthFactor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, name)
    {
        HeightFactor = Range(heightFactor, 1, "RandomTranslation: heightFactor");
        WidthFactor = Range(widthFactor, 1, "RandomTranslation: widthFactor");
    }

    /// <summary>The range of vertical shifts, as fractions of the height (Keras's <c>height_factor</c>).</summary>
    public (double Lower, double Upper) HeightFactor { get; }

    /// <summary>The range of horizontal shifts, as fractions of the width (Keras's <c>width_factor</c>).</summary>
    public (double Lower, double Upper) WidthFactor { get; }

    private protected override int DrawsPerImage => 2;

    /// <summary>keras's translation matrix: output (x, y) reads the input at (x - dx, y - dy).</summary>
    private protected override void Transform(ReadOnlySpan<float> draws, int height, int width, Span<float> t)
    {
        float dy = Between(HeightFactor, draws[0]) * height, dx = Between(WidthFactor, draws[1]) * width;
        ReadOnlySpan<float> values = [1, 0, -dx, 0, 1, -dy, 0, 0];
        values.CopyTo(t);
    }

    /// <summary>Keras's config: the base config and height_factor and width_factor.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["height_factor"] = new[] { HeightFactor.Lower, HeightFactor.Upper };
        config["width_factor"] = new[] { WidthFactor.Lower, WidthFactor.Upper };
        return config;
    }
}
