namespace Strata.Plotting;

/// <summary>
/// A stack of grayscale images as 0..255 bytes, read from a tensor: (n, h, w), one (h, w) image,
/// or (n, h, w, 1) as convolution inputs are shaped; UInt8 0..255 (the loaders' raw images) or
/// Float32 0..1 (after dividing by 255).
/// </summary>
internal sealed class GrayImages
{
    private GrayImages(int count, int height, int width, byte[] pixels)
    {
        Count = count;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    public int Count { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Row-major, image after image.</summary>
    public byte[] Pixels { get; }

    public byte this[int image, int row, int column] => Pixels[((image * Height) + row) * Width + column];

    public static GrayImages From(Tensor images, string operation)
    {
        ArgumentNullException.ThrowIfNull(images);
        int[] dims = images.Shape.ToArray();
        (int n, int h, int w) = dims switch
        {
            [int hh, int ww] => (1, hh, ww),
            [int nn, int hh, int ww] => (nn, hh, ww),
            [int nn, int hh, int ww, 1] => (nn, hh, ww),
            _ => throw new ArgumentException(
                $"{operation}: expected grayscale images shaped (n, height, width), got shape {images.Shape}. " +
                "Reshape flat rows first, e.g. images.Reshape(n, 28, 28).", nameof(images)),
        };
        if (n == 0 || h == 0 || w == 0)
        {
            throw new ArgumentException($"{operation}: the images tensor has shape {images.Shape}; there is no pixel to draw.", nameof(images));
        }

        byte[] pixels = images.DType switch
        {
            DType.UInt8 => images.ToArray<byte>(),
            DType.Float32 => FromUnitFloats(images.ToArray<float>(), operation),
            _ => throw new ArgumentException(
                $"{operation}: images must be UInt8 (0..255) or Float32 (0..1); got {images.DType}. " +
                "Convert with AsType(DType.Float32) and scale to 0..1.", nameof(images)),
        };
        return new GrayImages(n, h, w, pixels);
    }

    // Rounding, not truncation, so 0..1 images that came from bytes by / 255f map back exactly.
    // Out-of-range values are clamped (a little noise should still draw); NaN has no gray to be.
    private static byte[] FromUnitFloats(float[] values, string operation)
    {
        var pixels = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v))
            {
                throw new ArgumentException($"{operation}: pixel {i} is NaN; Float32 images must hold values in 0..1.", "images");
            }
            pixels[i] = (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
        }
        return pixels;
    }
}
