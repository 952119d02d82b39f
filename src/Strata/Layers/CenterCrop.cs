namespace Strata.Layers;

/// <summary>
/// keras.layers.CenterCrop (channels last): the central height × width region of each image. An image
/// smaller than the target on either axis is resized instead, from its largest central window of the
/// target's aspect ratio (as Keras).
/// </summary>
public class CenterCrop : Layer
{
    /// <summary>A layer that crops each image to its central <paramref name="height"/> × <paramref name="width"/> region.</summary>
    /// <param name="height">The output height, positive.</param>
    /// <param name="width">The output width, positive.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public CenterCrop(int height, int width, string? name = null)
        : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"CenterCrop: height and width must be positive, got {height} and {width}.");
        (Height, Width) = (height, width);
    }

    /// <summary>The output height (Keras's <c>height</c>).</summary>
    public int Height { get; }

    /// <summary>The output width (Keras's <c>width</c>).</summary>
    public int Width { get; }

    /// <summary>Crops (batch, height, width, channels) images to (batch, <see cref="Height"/>, <see cref="Width"/>, channels), resizing those smaller than the target.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        int h = inputs.Shape[1], w = inputs.Shape[2];
        if (h < Height || w < Width) return Ops.Resize(inputs, Height, Width, cropToAspectRatio: true);
        return Ops.Slice(inputs, [0, (h - Height) / 2, (w - Width) / 2, 0], [inputs.Shape[0], Height, Width, inputs.Shape[3]]);
    }

    /// <summary>Keras's config: the base config and height and width.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["height"] = Height;
        config["width"] = Width;
        return config;
    }
}
