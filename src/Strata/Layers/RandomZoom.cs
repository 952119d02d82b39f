namespace Strata.Layers;

/// <summary>
/// keras.layers.RandomZoom (channels last): in training, each image is zoomed about its centre by
/// 1 + a factor drawn in the height range (a single f means [-f, f]); a positive factor zooms out, a
/// negative one in. Without a width range the aspect ratio is kept (the same factor both ways). Points
/// from outside the image are filled by <see cref="BaseRandomTransform.FillMode"/> ("reflect"). In
/// inference the images pass unchanged.
/// </summary>
public class RandomZoom : BaseRandomTransform
{
    /// <summary>A layer that zooms images by 1 + a factor drawn in [-|<paramref name="heightFactor"/>|, |<paramref name="heightFactor"/>|], in training.</summary>
    /// <param name="heightFactor">The largest zoom factor for the height, within [-1, 1]; positive zooms out, negative in.</param>
    /// <param name="widthFactor">The largest zoom factor for the width; null to zoom the width as the height.</param>
    /// <param name="fillMode">How points from outside the image are read: "reflect" (the default), "wrap", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="fillValue">The value read outside the image when <paramref name="fillMode"/> is "constant"; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomZoom(double heightFactor, double? widthFactor = null, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : this((-Math.Abs(heightFactor), Math.Abs(heightFactor)), widthFactor is double w ? (-Math.Abs(w), Math.Abs(w)) : null, fillMode, interpolation, seed, fillValue, name)
    {
    }

    /// <summary>A layer that zooms images by 1 + factors drawn in the given ranges, in training.</summary>
    /// <param name="heightFactor">The range (lower, upper) of the height's zoom factor, with -1 &lt;= lower &lt;= upper &lt;= 1.</param>
    /// <param name="widthFactor">The range of the width's zoom factor; null to zoom the width as the height.</param>
    /// <param name="fillMode">How points from outside the image are read: "reflect" (the default), "wrap", "constant" or "nearest".</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="seed">The seed of the random draws, or null.</param>
    /// <param name="fillValue">The value read outside the image when <paramref name="fillMode"/> is "constant"; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public RandomZoom((double Lower, double Upper) heightFactor, (double Lower, double Upper)? widthFactor = null, string fillMode = "reflect", string interpolation = "bilinear", int? seed = null, double fillValue = 0, string? name = null)
        : base(fillMode, interpolation, seed, fillValue, name)
    {
        HeightFactor = Range(heightFactor, 1, "RandomZoom: heightFactor");
        WidthFactor = widthFactor is { } wf ? Range(wf, 1, "RandomZoom: widthFactor") : null;
    }

    /// <summary>The range of the height's zoom factor (Keras's <c>height_factor</c>).</summary>
    public (double Lower, double Upper) HeightFactor { get; }

    /// <summary>The width's range, or null to zoom the width as the height.</summary>
    public (double Lower, double Upper)? WidthFactor { get; }

    private protected override int DrawsPerImage => 2;

    /// <summary>keras's zoom matrix: scales about the image centre.</summary>
    private protected override void Transform(ReadOnlySpan<float> draws, int height, int width, Span<float> t)
    {
        float zoomY = 1 + Between(HeightFactor, draws[0]);
        float zoomX = WidthFactor is { } w ? 1 + Between(w, draws[1]) : zoomY;
        ReadOnlySpan<float> values = [zoomX, 0, (width - 1) / 2f * (1 - zoomX), 0, zoomY, (height - 1) / 2f * (1 - zoomY), 0, 0];
        values.CopyTo(t);
    }

    /// <summary>Keras's config: the base config and height_factor and width_factor (null when the width follows the height).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["height_factor"] = new[] { HeightFactor.Lower, HeightFactor.Upper };
        config["width_factor"] = WidthFactor is { } w ? new[] { w.Lower, w.Upper } : null;
        return config;
    }
}
