namespace Strata.Layers;

/// <summary>
/// keras.layers.CenterCrop (channels last): the central height × width region of each image. An image
/// smaller than the target on either axis is resized instead, from its largest central window of the
/// target's aspect ratio (as Keras).
/// </summary>
public class CenterCrop : Layer
{
    public CenterCrop(int height, int width, string? name = null)
        : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"CenterCrop: height and width must be positive, got {height} and {width}.");
        (Height, Width) = (height, width);
    }

    public int Height { get; }

    public int Width { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        int h = inputs.Shape[1], w = inputs.Shape[2];
        if (h < Height || w < Width) return Ops.Resize(inputs, Height, Width, cropToAspectRatio: true);
        return Ops.Slice(inputs, [0, (h - Height) / 2, (w - Width) / 2, 0], [inputs.Shape[0], Height, Width, inputs.Shape[3]]);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["height"] = Height;
        config["width"] = Width;
        return config;
    }
}
