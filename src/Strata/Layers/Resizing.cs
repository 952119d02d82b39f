namespace Strata.Layers;

/// <summary>
/// keras.layers.Resizing (channels last): resizes each image to height × width, "bilinear" (the default)
/// or "nearest", in training and inference alike. <c>cropToAspectRatio</c> resizes the largest central
/// window of the target's aspect ratio instead, so the image is not stretched.
/// </summary>
public class Resizing : Layer
{
    public Resizing(int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false, string? name = null)
        : base(name)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"Resizing: height and width must be positive, got {height} and {width}.");
        if (interpolation is not ("bilinear" or "nearest")) throw new ArgumentException($"Resizing: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".", nameof(interpolation));
        (Height, Width, Interpolation, CropToAspectRatio) = (height, width, interpolation, cropToAspectRatio);
    }

    public int Height { get; }

    public int Width { get; }

    public string Interpolation { get; }

    public bool CropToAspectRatio { get; }

    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Resize(Spatial.Require(inputs, this), Height, Width, Interpolation, CropToAspectRatio);

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
