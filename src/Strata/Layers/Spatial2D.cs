namespace Strata.Layers;

/// <summary>keras.layers.ZeroPadding2D (channels last): zeros added above, below, left and right of each image.</summary>
public class ZeroPadding2D : Layer
{
    public ZeroPadding2D(int padding = 1, string? name = null)
        : this((padding, padding), (padding, padding), name)
    {
    }

    public ZeroPadding2D((int Top, int Bottom) height, (int Left, int Right) width, string? name = null)
        : base(name)
    {
        if (height.Top < 0 || height.Bottom < 0 || width.Left < 0 || width.Right < 0) throw new ArgumentException("ZeroPadding2D: paddings must be non-negative.");
        (Height, Width) = (height, width);
    }

    public (int Top, int Bottom) Height { get; }

    public (int Left, int Right) Width { get; }

    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Pad(Spatial.Require(inputs, this), (0, 0), Height, Width, (0, 0));

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["padding"] = new[] { new[] { Height.Top, Height.Bottom }, new[] { Width.Left, Width.Right } };
        config["data_format"] = "channels_last";
        return config;
    }
}

/// <summary>keras.layers.Cropping2D (channels last): rows and columns removed from each side of each image.</summary>
public class Cropping2D : Layer
{
    public Cropping2D(int cropping = 0, string? name = null)
        : this((cropping, cropping), (cropping, cropping), name)
    {
    }

    public Cropping2D((int Top, int Bottom) height, (int Left, int Right) width, string? name = null)
        : base(name)
    {
        if (height.Top < 0 || height.Bottom < 0 || width.Left < 0 || width.Right < 0) throw new ArgumentException("Cropping2D: croppings must be non-negative.");
        (Height, Width) = (height, width);
    }

    public (int Top, int Bottom) Height { get; }

    public (int Left, int Right) Width { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        int h = inputs.Shape[1] - Height.Top - Height.Bottom, w = inputs.Shape[2] - Width.Left - Width.Right;
        if (h <= 0 || w <= 0) throw new ArgumentException($"Cropping2D '{Name}': cropping ({Height}, {Width}) leaves nothing of images {inputs.Shape[1]}x{inputs.Shape[2]}.");
        return Ops.Slice(inputs, [0, Height.Top, Width.Left, 0], [inputs.Shape[0], h, w, inputs.Shape[3]]);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["cropping"] = new[] { new[] { Height.Top, Height.Bottom }, new[] { Width.Left, Width.Right } };
        config["data_format"] = "channels_last";
        return config;
    }
}

/// <summary>keras.layers.UpSampling2D with "nearest" interpolation (channels last): each pixel repeated size × size times.</summary>
public class UpSampling2D : Layer
{
    public UpSampling2D(int size = 2, string interpolation = "nearest", string? name = null)
        : base(name)
    {
        if (size <= 0) throw new ArgumentException($"UpSampling2D: size must be positive, got {size}.", nameof(size));
        if (interpolation != "nearest") throw new ArgumentException($"UpSampling2D: only \"nearest\" interpolation is supported, got \"{interpolation}\".", nameof(interpolation));
        Size = size;
    }

    public int Size { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        int n = inputs.Shape[0], h = inputs.Shape[1], w = inputs.Shape[2], c = inputs.Shape[3];
        // Repeat along two new axes beside height and width, then merge them: a broadcast, whose gradient sums the copies back.
        Tensor spread = Ops.BroadcastTo(inputs.Reshape(n, h, 1, w, 1, c), n, h, Size, w, Size, c);
        return spread.Reshape(n, h * Size, w * Size, c);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["size"] = new[] { Size, Size };
        config["interpolation"] = "nearest";
        config["data_format"] = "channels_last";
        return config;
    }
}

/// <summary>The check the 2-D spatial layers share.</summary>
internal static class Spatial
{
    public static Tensor Require(Tensor inputs, Layer layer) => inputs.Rank == 4 ? inputs
        : throw new ArgumentException($"{layer.GetType().Name} '{layer.Name}': expects inputs of shape (batch, height, width, channels), got {inputs.Shape}.");

    public static void RequireShape(int[] inputShape, Layer layer)
    {
        if (inputShape.Length != 4)
        {
            throw new ArgumentException($"{layer.GetType().Name} '{layer.Name}': expects inputs of shape (batch, height, width, channels), got {SymbolicTensor.FormatShape(inputShape)}.");
        }
    }
}
