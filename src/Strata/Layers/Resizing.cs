namespace Strata.Layers;

/// <summary>
/// keras.layers.Resizing (channels last): resizes each image to height × width, "bilinear" (the default)
/// or "nearest", in training and inference alike. <c>cropToAspectRatio</c> resizes the largest central
/// window of the target's aspect ratio instead, so the image is not stretched.
/// </summary>
public class Resizing : Layer
{
    /// <summary>A layer that resizes images to <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <param name="height">The output height, positive.</param>
    /// <param name="width">The output width, positive.</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest".</param>
    /// <param name="cropToAspectRatio">Whether to resize the largest central window of the target's aspect ratio rather than stretch the image.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Resizing(int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false, string? name = null)
        : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"Resizing: height and width must be positive, got {height} and {width}.");
        if (interpolation is not ("bilinear" or "nearest")) throw new ArgumentException($"Resizing: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".", nameof(interpolation));
        (Height, Width, Interpolation, CropToAspectRatio) = (height, width, interpolation, cropToAspectRatio);
    }

    /// <summary>The output height (Keras's <c>height</c>).</summary>
    public int Height { get; }

    /// <summary>The output width (Keras's <c>width</c>).</summary>
    public int Width { get; }

    /// <summary>"bilinear" or "nearest" (Keras's <c>interpolation</c>).</summary>
    public string Interpolation { get; }

    /// <summary>Whether the largest central window of the target's aspect ratio is resized rather than the whole image (Keras's <c>crop_to_aspect_ratio</c>).</summary>
    public bool CropToAspectRatio { get; }

    /// <summary>Resizes (batch, height, width, channels) images to (batch, <see cref="Height"/>, <see cref="Width"/>, channels).</summary>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Resize(Spatial.Require(inputs, this), Height, Width, Interpolation, CropToAspectRatio);

    /// <summary>Keras's config: the base config and height, width, interpolation and crop_to_aspect_ratio.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["height"] = Height;
        config["width"] = Width;
        config["interpolation"] = Interpolation;
        config["crop_to_aspect_ratio"] = CropToAspectRatio;
        return config;
    }
}
