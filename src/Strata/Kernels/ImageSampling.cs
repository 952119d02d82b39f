using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>How points outside an image are read (Keras's fill_mode).</summary>
internal enum FillMode
{
    /// <summary>(k k k k | a b c d | k k k k): the fill value.</summary>
    Constant,

    /// <summary>(a a a a | a b c d | d d d d): the nearest edge pixel.</summary>
    Nearest,

    /// <summary>(d c b a | a b c d | d c b a): the image mirrored about its edge.</summary>
    Reflect,

    /// <summary>(a b c d | a b c d | a b c d): the image tiled.</summary>
    Wrap,
}

/// <summary>What a projective resampling of channels-last images reads and writes.</summary>
internal readonly record struct SamplingGeometry(
    int Batch, int InHeight, int InWidth, int Channels, int OutHeight, int OutWidth, bool Bilinear, FillMode Fill, float FillValue);

/// <summary>
/// Projective resampling of channels-last images, as TensorFlow's ImageProjectiveTransformV3 (behind
/// keras.ops.image.affine_transform and resize): output pixel (x, y) of image n reads the input at
/// ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1, from the image's 8 transform
/// values (one row for all images, or one per image). The point is first mapped into the image by the
/// fill mode, then read bilinearly (or at the nearest pixel); a tap outside the image reads the fill value.
/// Linear in the images: the gradient adds each output's gradient back at its taps with the same weights.
/// </summary>
internal static class ImageSampling
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> transforms, in SamplingGeometry g, Span<float> y)
    {
        int c = g.Channels;
        Span<Tap> taps = stackalloc Tap[4];
        for (int o = 0; o < g.Batch * g.OutHeight * g.OutWidth; o++)
        {
            Span<float> dst = y.Slice(o * c, c);
            float outside = Taps(transforms, o, g, taps);
            if (outside == 0) dst.Clear();
            else dst.Fill(outside * g.FillValue);
            foreach (Tap tap in taps)
            {
                if (tap.Weight != 0) TensorPrimitives.MultiplyAdd(x.Slice(tap.Pixel * c, c), tap.Weight, dst, dst);
            }
        }
    }

    /// <summary>dL/dx: each output's gradient added at its taps with their weights (the fill value is a constant, not a pixel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gy, ReadOnlySpan<float> transforms, in SamplingGeometry g, Span<float> dx)
    {
        dx.Clear();
        int c = g.Channels;
        Span<Tap> taps = stackalloc Tap[4];
        for (int o = 0; o < g.Batch * g.OutHeight * g.OutWidth; o++)
        {
            Taps(transforms, o, g, taps);
            ReadOnlySpan<float> src = gy.Slice(o * c, c);
            foreach (Tap tap in taps)
            {
                if (tap.Weight == 0) continue;
                Span<float> dst = dx.Slice(tap.Pixel * c, c);
                TensorPrimitives.MultiplyAdd(src, tap.Weight, dst, dst);
            }
        }
    }

    /// <summary>The taps of output pixel <paramref name="o"/> (counted over all images), through its image's transform.</summary>
    private static float Taps(ReadOnlySpan<float> transforms, int o, in SamplingGeometry g, Span<Tap> taps)
    {
        int pixels = g.OutHeight * g.OutWidth;
        (int n, int at) = Math.DivRem(o, pixels);
        (int oy, int ox) = Math.DivRem(at, g.OutWidth);
        return Taps(Transform(transforms, n, g), ox, oy, n, g, taps);
    }

    private static ReadOnlySpan<float> Transform(ReadOnlySpan<float> transforms, int n, in SamplingGeometry g) =>
        transforms.Length == 8 ? transforms : transforms.Slice(n * 8, 8);

    /// <summary>A pixel read (its index among all input pixels) and its weight.</summary>
    private record struct Tap(int Pixel, float Weight);

    /// <summary>The (up to) four taps of output pixel (ox, oy) of image n; returns the total weight read from outside the image.</summary>
    private static float Taps(ReadOnlySpan<float> t, int ox, int oy, int n, in SamplingGeometry g, Span<Tap> taps)
    {
        taps.Clear();
        float k = t[6] * ox + t[7] * oy + 1f;
        if (k == 0) return 1f; // a point at infinity reads the fill value, as TensorFlow
        float ix = Map((t[0] * ox + t[1] * oy + t[2]) / k, g.InWidth, g.Fill);
        float iy = Map((t[3] * ox + t[4] * oy + t[5]) / k, g.InHeight, g.Fill);
        int image = n * g.InHeight * g.InWidth;
        if (!g.Bilinear)
        {
            // std::round: halves away from zero.
            return Read(image, (int)MathF.Round(iy, MidpointRounding.AwayFromZero), (int)MathF.Round(ix, MidpointRounding.AwayFromZero), 1f, g, ref taps[0]);
        }
        float fy = MathF.Floor(iy), fx = MathF.Floor(ix);
        float wy = iy - fy, wx = ix - fx;
        int y0 = (int)fy, x0 = (int)fx;
        return Read(image, y0, x0, (1 - wy) * (1 - wx), g, ref taps[0])
            + Read(image, y0, x0 + 1, (1 - wy) * wx, g, ref taps[1])
            + Read(image, y0 + 1, x0, wy * (1 - wx), g, ref taps[2])
            + Read(image, y0 + 1, x0 + 1, wy * wx, g, ref taps[3]);
    }

    /// <summary>Sets the tap for pixel (py, px) if it lies in the image, else returns its weight as read from outside.</summary>
    private static float Read(int image, int py, int px, float weight, in SamplingGeometry g, ref Tap tap)
    {
        if ((uint)py >= (uint)g.InHeight || (uint)px >= (uint)g.InWidth) return weight;
        tap = new Tap(image + py * g.InWidth + px, weight);
        return 0;
    }

    /// <summary>A coordinate brought into [0, length - 1] by the fill mode, as TensorFlow's MapCoordinate (constant leaves it to the taps).</summary>
    private static float Map(float at, int length, FillMode fill)
    {
        if (fill == FillMode.Constant) return at;
        if (length <= 1) return 0;
        if (fill == FillMode.Reflect)
        {
            float period = 2f * length;
            if (at < 0)
            {
                if (at < -period) at += period * (int)(-at / period);
                at = at < -length ? at + period : -at - 1;
            }
            else if (at > length - 1)
            {
                at -= period * (int)(at / period);
                if (at >= length) at = period - at - 1;
            }
        }
        else if (fill == FillMode.Wrap)
        {
            // The image's period is its length. (TensorFlow divides by length - 1 here, which wraps points
            // farther out than one image to the wrong place; the documented tiling is this one.)
            at -= length * MathF.Floor(at / length);
        }
        return Math.Clamp(at, 0, length - 1);
    }
}
