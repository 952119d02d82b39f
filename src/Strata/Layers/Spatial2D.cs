namespace Strata.Layers;

/// <summary>keras.layers.ZeroPadding2D (channels last): zeros added above, below, left and right of each image.</summary>
public class ZeroPadding2D : Layer
{
    /// <summary>A layer that adds <paramref name="padding"/> rows and columns of zeros on every side of each image.</summary>
    /// <param name="padding">The rows added above and below, and the columns added left and right; 1 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public ZeroPadding2D(int padding = 1, string? name = null)
        : this((padding, padding), (padding, padding), name)
    {
    }

    /// <summary>A layer that adds rows and columns of zeros, as many on each side as given.</summary>
    /// <param name="height">The rows of zeros added above (Top) and below (Bottom), non-negative.</param>
    /// <param name="width">The columns of zeros added left (Left) and right (Right), non-negative.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public ZeroPadding2D((int Top, int Bottom) height, (int Left, int Right) width, string? name = null)
        : base(name)
    {
        if (height.Top < 0 || height.Bottom < 0 || width.Left < 0 || width.Right < 0) throw new ArgumentException("ZeroPadding2D: paddings must be non-negative.");
        (Height, Width) = (height, width);
    }

    /// <summary>The rows of zeros added above and below (Keras's <c>padding[0]</c>).</summary>
    public (int Top, int Bottom) Height { get; }

    /// <summary>The columns of zeros added left and right (Keras's <c>padding[1]</c>).</summary>
    public (int Left, int Right) Width { get; }

    /// <summary>Pads (batch, height, width, channels) images to (batch, height + top + bottom, width + left + right, channels).</summary>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Pad(Spatial.Require(inputs, this), (0, 0), Height, Width, (0, 0));

    /// <summary>Keras's config: the base config and padding ((top, bottom), (left, right)) and data_format ("channels_last").</summary>
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
    /// <summary>A layer that removes <paramref name="cropping"/> rows and columns from every side of each image.</summary>
    /// <param name="cropping">The rows removed above and below, and the columns removed left and right; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Cropping2D(int cropping = 0, string? name = null)
        : this((cropping, cropping), (cropping, cropping), name)
    {
    }

    /// <summary>A layer that removes rows and columns, as many from each side as given.</summary>
    /// <param name="height">The rows removed above (Top) and below (Bottom), non-negative.</param>
    /// <param name="width">The columns removed left (Left) and right (Right), non-negative.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Cropping2D((int Top, int Bottom) height, (int Left, int Right) width, string? name = null)
        : base(name)
    {
        if (height.Top < 0 || height.Bottom < 0 || width.Left < 0 || width.Right < 0) throw new ArgumentException("Cropping2D: croppings must be non-negative.");
        (Height, Width) = (height, width);
    }

    /// <summary>The rows removed above and below (Keras's <c>cropping[0]</c>).</summary>
    public (int Top, int Bottom) Height { get; }

    /// <summary>The columns removed left and right (Keras's <c>cropping[1]</c>).</summary>
    public (int Left, int Right) Width { get; }

    /// <summary>Crops (batch, height, width, channels) images to (batch, height − top − bottom, width − left − right, channels); something must remain.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        int h = inputs.Shape[1] - Height.Top - Height.Bottom, w = inputs.Shape[2] - Width.Left - Width.Right;
        if (h <= 0 || w <= 0) throw new ArgumentException($"Cropping2D '{Name}': cropping ({Height}, {Width}) leaves nothing of images {inputs.Shape[1]}x{inputs.Shape[2]}.");
        return Ops.Slice(inputs, [0, Height.Top, Width.Left, 0], [inputs.Shape[0], h, w, inputs.Shape[3]]);
    }

    /// <summary>Keras's config: the base config and cropping ((top, bottom), (left, right)) and data_format ("channels_last").</summary>
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
    /// <summary>A layer that repeats each pixel <paramref name="size"/> × <paramref name="size"/> times.</summary>
    /// <param name="size">The upsampling factor for height and width, positive; 2 by default.</param>
    /// <param name="interpolation">Only "nearest" is supported.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public UpSampling2D(int size = 2, string interpolation = "nearest", string? name = null)
        : base(name)
    {
        if (size <= 0) throw new ArgumentException($"UpSampling2D: size must be positive, got {size}.", nameof(size));
        if (interpolation != "nearest") throw new ArgumentException($"UpSampling2D: only \"nearest\" interpolation is supported, got \"{interpolation}\".", nameof(interpolation));
        Size = size;
    }

    /// <summary>The upsampling factor for height and width (Keras's <c>size</c>).</summary>
    public int Size { get; }

    /// <summary>Upsamples (batch, height, width, channels) images to (batch, height · size, width · size, channels).</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Spatial.Require(inputs, this);
        int n = inputs.Shape[0], h = inputs.Shape[1], w = inputs.Shape[2], c = inputs.Shape[3];
        // Repeat along two new axes beside height and width, then merge them: a broadcast, whose gradient sums the copies back.
        Tensor spread = Ops.BroadcastTo(inputs.Reshape(n, h, 1, w, 1, c), n, h, Size, w, Size, c);
        return spread.Reshape(n, h * Size, w * Size, c);
    }

    /// <summary>Keras's config: the base config and size, interpolation ("nearest") and data_format ("channels_last").</summary>
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
