namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomRotation (channels last): in training, each image is rotated about its centre by an
/// angle drawn in [lower, upper] × 2π, where a single factor f means [-f, f] (0.1: up to ±36°); points
/// that come from outside the image are filled by <see cref="BaseRandomTransform.FillMode"/> ("reflect").
/// In inference the images pass unchanged.
/// </summary>
public class RandomRotation : BaseRandomTransform
{
    /// <summary>A layer that rotates images by up to ±<paramref name="factor"/> of a full turn, in training.</summary>
    /// <param name="factor">The largest angle, as a fraction of a full turn: the range is [-|factor|, |factor|], within [-1, 1].</param>
    /// <param name="fillMode">How points from outside the image are read: "reflect" (the default), "wrap", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="fillValue">The value read outside the image when <paramref name="fillMode"/> is "constant"; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomRotation(double factor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : this((-Math.Abs(factor), Math.Abs(factor)), fillMode, interpolation, seed, fillValue, name)
    {
    }

    /// <summary>A layer that rotates images by an angle drawn in <paramref name="factor"/>, as fractions of a full turn, in training.</summary>
    /// <param name="factor">The range of angles (lower, upper), fractions of a full turn with -1 &lt;= lower &lt;= upper &lt;= 1.</param>
    /// <param name="fillMode">How points from outside the image are read: "reflect" (the default), "wrap", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="fillValue">The value read outside the image when <paramref name="fillMode"/> is "constant"; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomRotation((double Lower, double Upper) factor, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, name)
    {
        Factor = Range(factor, 1, "RandomRotation: factor");
    }

    /// <summary>The range of angles, as fractions of a full turn.</summary>
    public (double Lower, double Upper) Factor { get; }

    private protected override int DrawsPerImage => 1;

    /// <summary>keras's rotation matrix: output (x, y) reads the input rotated by the angle about the image centre.</summary>
    private protected override void Transform(ReadOnlySpan<float> draws, int height, int width, Span<float> t)
    {
        double angle = Between(Factor, draws[0]) * 2 * Math.PI;
        float cos = (float)Math.Cos(angle), sin = (float)Math.Sin(angle);
        float xOffset = ((width - 1) - ((cos * (width - 1)) - (sin * (height - 1)))) / 2f;
        float yOffset = ((height - 1) - ((sin * (width - 1)) + (cos * (height - 1)))) / 2f;
        ReadOnlySpan<float> values = [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
        values.CopyTo(t);
    }

    /// <summary>Keras's config: the base config and factor.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["factor"] = new[] { Factor.Lower, Factor.Upper };
        return config;
    }
}
