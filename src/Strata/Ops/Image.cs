using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// Resizes channels-last images, (batch, height, width, channels) or (height, width, channels), as
    /// keras.ops.image.resize (antialias off): "bilinear" (the default) or "nearest", with half-pixel
    /// centres as TensorFlow's resize. Differentiable in the images.
    /// </summary>
    /// <param name="images">The images, rank 4 (a batch) or rank 3 (one image, returned without a batch axis).</param>
    /// <param name="height">The output height; must be positive.</param>
    /// <param name="width">The output width; must be positive.</param>
    /// <param name="interpolation">"bilinear" (the default) or "nearest"; anything else throws <see cref="ArgumentException"/>.</param>
    /// <param name="cropToAspectRatio">Resize the largest central window of the target's aspect ratio instead of the whole image, so nothing is stretched.</param>
    public static Tensor Resize(Tensor images, int height, int width, string interpolation = "bilinear", bool cropToAspectRatio = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (height <= 0 || width <= 0) throw new ArgumentException($"Resize: the size must be positive, got ({height}, {width}).");
        (Tensor x, bool single) = AsImageBatch(images, "Resize");
        if (cropToAspectRatio) x = CroppedToAspectRatio(x, height, width);
        // The edges are held by the "nearest" fill, as TensorFlow's resize clamps them.
        float[] transform = ResizeTransform(x.Shape[1], x.Shape[2], height, width);
        Tensor y = Sampled(x, Tensor.FromArray(transform, 1, 8), height, width, Interpolation(interpolation, "Resize"), FillMode.Nearest, 0, "Resize");
        return single ? Reshape(y, y.Shape.Dims[1..]) : y;
    }

    /// <summary>
    /// Resize's transform: output pixel o reads the input at (o + 0.5) · scale − 0.5, TensorFlow's half-pixel scaler
    /// (what ONNX export recognizes as a resize).
    /// </summary>
    internal static float[] ResizeTransform(int inHeight, int inWidth, int outHeight, int outWidth)
    {
        float sy = (float)inHeight / outHeight, sx = (float)inWidth / outWidth;
        return [sx, 0, (0.5f * sx) - 0.5f, 0, sy, (0.5f * sy) - 0.5f, 0, 0];
    }

    /// <summary>The largest central window of the aspect ratio height : width, as Keras's crop_to_aspect_ratio.</summary>
    private static Tensor CroppedToAspectRatio(Tensor x, int height, int width)
    {
        int h = x.Shape[1], w = x.Shape[2];
        int cropHeight = Math.Max(Math.Min(h, (int)((double)w * height / width)), 1);
        int cropWidth = Math.Max(Math.Min(w, (int)((double)h * width / height)), 1);
        if (cropHeight == h && cropWidth == w) return x;
        return Slice(x, [0, (h - cropHeight) / 2, (w - cropWidth) / 2, 0], [x.Shape[0], cropHeight, cropWidth, x.Shape[3]]);
    }

    /// <summary>
    /// Applies a projective transform to channels-last images, as keras.ops.image.affine_transform:
    /// <paramref name="transforms"/> is (8) or (batch, 8), [a0, a1, a2, b0, b1, b2, c0, c1], mapping each
    /// output point (x, y) to the input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k),
    /// k = c0 x + c1 y + 1. <paramref name="fillMode"/> is "constant" (with <paramref name="fillValue"/>),
    /// "nearest", "reflect" or "wrap". Differentiable in the images.
    /// </summary>
    public static Tensor AffineTransform(Tensor images, Tensor transforms, string interpolation = "bilinear", string fillMode = "constant", float fillValue = 0f)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(transforms);
        (Tensor x, bool single) = AsImageBatch(images, "AffineTransform");
        bool perImage = transforms.Rank == 2;
        if (!(transforms.Rank == 1 && transforms.Shape[0] == 8) && !(perImage && transforms.Shape[1] == 8 && (transforms.Shape[0] == x.Shape[0] || transforms.Shape[0] == 1)))
        {
            throw new ArgumentException($"AffineTransform: transforms must have shape (8,) or ({x.Shape[0]}, 8) for images of shape {images.Shape}, got {transforms.Shape}.", nameof(transforms));
        }
        Tensor t = ToFloat(transforms, "AffineTransform");
        Tensor y = Sampled(x, t, x.Shape[1], x.Shape[2], Interpolation(interpolation, "AffineTransform"), Fill(fillMode, "AffineTransform"), fillValue, "AffineTransform");
        return single ? Reshape(y, y.Shape.Dims[1..]) : y;
    }

    private static (Tensor Batch, bool Single) AsImageBatch(Tensor images, string op) => images.Rank switch
    {
        4 => (ToFloat(images, op), false),
        3 => (Reshape(ToFloat(images, op), [1, .. images.Shape.Dims]), true),
        _ => throw new ArgumentException($"{op}: expects channels-last images, (batch, height, width, channels) or (height, width, channels), got shape {images.Shape}."),
    };

    private static bool Interpolation(string interpolation, string op) => interpolation switch
    {
        "bilinear" => true,
        "nearest" => false,
        _ => throw new ArgumentException($"{op}: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".", nameof(interpolation)),
    };

    internal static FillMode Fill(string fillMode, string op) => fillMode switch
    {
        "constant" => FillMode.Constant,
        "nearest" => FillMode.Nearest,
        "reflect" => FillMode.Reflect,
        "wrap" => FillMode.Wrap,
        _ => throw new ArgumentException($"{op}: fillMode must be \"constant\", \"nearest\", \"reflect\" or \"wrap\", got \"{fillMode}\".", nameof(fillMode)),
    };

    /// <summary>Images resampled through per-image (or shared) transforms: the op behind resizing and the augmentation layers.</summary>
    private static Tensor Sampled(Tensor x, Tensor transforms, int height, int width, bool bilinear, FillMode fill, float fillValue, string op)
    {
        var g = new SamplingGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], height, width, bilinear, fill, fillValue);
        var kernel = new Kernel(op, (i, y) => ImageSampling.Forward(i[0].Data<float>(), i[1].Data<float>(), g, y.Span<float>()), g.ToString()) { Attributes = g };
        Tensor y = Run(kernel, Shape.Own([g.Batch, height, width, g.Channels]), DType.Float32, x, transforms);
        return y.Record(x, gy => SampledGradient(gy, transforms, g));
    }

    /// <summary>dL/dx of a resampling: linear in the gradient, and its own gradient is the resampling again.</summary>
    private static Tensor SampledGradient(Tensor gy, Tensor transforms, SamplingGeometry g)
    {
        var kernel = new Kernel("SampledGradient", (i, dx) => ImageSampling.Backward(i[0].Data<float>(), i[1].Data<float>(), g, dx.Span<float>()), g.ToString());
        Tensor dx = Run(kernel, Shape.Own([g.Batch, g.InHeight, g.InWidth, g.Channels]), DType.Float32, gy, transforms);
        return dx.Record(gy, u => Sampled(u, transforms, g.OutHeight, g.OutWidth, g.Bilinear, g.Fill, g.FillValue, "Resample"));
    }

    /// <summary>
    /// Per-image transforms (batch, 8) computed from per-image random draws (batch, k) by <paramref name="perImage"/>:
    /// an op, so that a compiled step recomputes them from each replay's fresh draws.
    /// </summary>
    internal static Tensor ImageTransforms(string name, Tensor draws, string detail, Action<ReadOnlySpan<float>, Span<float>> perImage)
    {
        int n = draws.Shape[0], k = draws.Size / Math.Max(1, n);
        var kernel = new Kernel(name, (i, t) =>
        {
            ReadOnlySpan<float> d = i[0].Data<float>();
            Span<float> all = t.Span<float>();
            for (int j = 0; j < n; j++) perImage(d.Slice(j * k, k), all.Slice(j * 8, 8));
        }, detail);
        return Run(kernel, Shape.Own([n, 8]), DType.Float32, draws);
    }
}
