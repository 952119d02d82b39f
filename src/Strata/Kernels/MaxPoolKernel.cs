using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// 2-D max pooling on channels-last data, a window position at a time over all channels at once: each
/// output is the largest value under its window (padding never wins: "same" windows take the maximum of
/// their positions inside the image). The gradient goes to the first largest position of each window,
/// as TensorFlow's MaxPoolGrad does. Windows that tile the image (Keras's default: strides equal to the
/// pool, no padding) take a path of their own that keeps a vector of channels in registers across the
/// window and, in the gradient, writes each pixel once instead of clearing dx and adding.
/// </summary>
internal static class MaxPoolKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    public static void Forward(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y)
    {
        if (Tiles(g))
        {
            ForwardTiled(x, g, y);
            return;
        }
        int c = g.Channels;
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            Span<float> dst = y.Slice(o * c, c);
            bool first = true;
            foreach (int at in new PoolWindow(g, n, oh, ow))
            {
                if (first) x.Slice(at, c).CopyTo(dst);
                else TensorPrimitives.Max(dst, x.Slice(at, c), dst);
                first = false;
            }
        }
    }

    /// <summary>Adds each output's gradient at its window's first largest position (dx is cleared first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx)
    {
        if (Tiles(g))
        {
            BackwardTiled(x, gy, g, dx);
            return;
        }
        dx.Clear();
        int c = g.Channels;
        Span<int> best = c <= 1024 ? stackalloc int[c] : new int[c];
        Span<float> bestValue = c <= 1024 ? stackalloc float[c] : new float[c];
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            Winners(x, g, n, oh, ow, best, bestValue);
            ReadOnlySpan<float> gradient = gy.Slice(o * c, c);
            for (int ch = 0; ch < c; ch++) dx[best[ch] + ch] += gradient[ch];
        }
    }

    /// <summary>Reads, for each output, the value at its window's first largest position (the transpose of <see cref="Backward"/> in its gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> x, ReadOnlySpan<float> u, in ConvGeometry g, Span<float> y)
    {
        int c = g.Channels;
        Span<int> best = c <= 1024 ? stackalloc int[c] : new int[c];
        Span<float> bestValue = c <= 1024 ? stackalloc float[c] : new float[c];
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            Winners(x, g, n, oh, ow, best, bestValue);
            for (int ch = 0; ch < c; ch++) y[(o * c) + ch] = u[best[ch] + ch];
        }
    }

    /// <summary>
    /// For each channel, the offset of the pixel (channel 0) holding the window's first largest value:
    /// a later position wins only when strictly larger, compared a vector of channels at a time.
    /// </summary>
    private static void Winners(ReadOnlySpan<float> x, in ConvGeometry g, int n, int oh, int ow, Span<int> best, Span<float> bestValue)
    {
        int c = g.Channels;
        bool first = true;
        foreach (int at in new PoolWindow(g, n, oh, ow))
        {
            ReadOnlySpan<float> values = x.Slice(at, c);
            if (first)
            {
                values.CopyTo(bestValue);
                best.Fill(at);
                first = false;
                continue;
            }
            int ch = 0;
            for (; ch <= c - Vector<float>.Count; ch += Vector<float>.Count)
            {
                var v = new Vector<float>(values[ch..]);
                var current = new Vector<float>(bestValue[ch..]);
                Vector<int> larger = Vector.GreaterThan(v, current);
                Vector.Max(v, current).CopyTo(bestValue[ch..]);
                Vector.ConditionalSelect(larger, new Vector<int>(at), new Vector<int>(best[ch..])).CopyTo(best[ch..]);
            }
            for (; ch < c; ch++)
            {
                if (values[ch] > bestValue[ch])
                {
                    bestValue[ch] = values[ch];
                    best[ch] = at;
                }
            }
        }
    }

    /// <summary>Whether the windows lie side by side inside the image: no overlap, no gap, no padding.</summary>
    private static bool Tiles(in ConvGeometry g) =>
        g.PadTop == 0 && g.PadLeft == 0 && g.StrideH == g.KernelHeight && g.StrideW == g.KernelWidth &&
        g.OutHeight * g.KernelHeight <= g.Height && g.OutWidth * g.KernelWidth <= g.Width;

    /// <summary>Each window position's offset (channel 0) from the window's top-left pixel, row by row.</summary>
    private static void WindowOffsets(in ConvGeometry g, Span<int> offsets)
    {
        for (int i = 0, k = 0; i < g.KernelHeight; i++)
        {
            for (int j = 0; j < g.KernelWidth; j++) offsets[k++] = ((i * g.Width) + j) * g.Channels;
        }
    }

    /// <summary>The top-left pixel (channel 0) of output o's window, for tiled windows.</summary>
    private static int Corner(in ConvGeometry g, int n, int oh, int ow) =>
        ((((n * g.Height) + (oh * g.KernelHeight)) * g.Width) + (ow * g.KernelWidth)) * g.Channels;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTiled(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y)
    {
        int c = g.Channels, size = g.KernelHeight * g.KernelWidth, lanes = Vector<float>.Count;
        Span<int> offsets = stackalloc int[size];
        WindowOffsets(g, offsets);
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            ReadOnlySpan<float> window = x[Corner(g, n, oh, ow)..];
            Span<float> dst = y.Slice(o * c, c);
            int ch = 0;
            for (; ch <= c - lanes; ch += lanes)
            {
                var best = new Vector<float>(window[(offsets[0] + ch)..]);
                for (int k = 1; k < size; k++) best = Vector.Max(best, new Vector<float>(window[(offsets[k] + ch)..]));
                best.CopyTo(dst[ch..]);
            }
            for (; ch < c; ch++)
            {
                float best = window[offsets[0] + ch];
                for (int k = 1; k < size; k++) best = MathF.Max(best, window[offsets[k] + ch]);
                dst[ch] = best;
            }
        }
    }

    /// <summary>
    /// Each pixel under a window gets its output's gradient if it is the window's first largest value, else
    /// zero, written once; the pixels no window covers (the rows and columns past the last window) are zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardTiled(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx)
    {
        ClearUncovered(g, dx);
        int c = g.Channels, size = g.KernelHeight * g.KernelWidth, lanes = Vector<float>.Count;
        Span<int> offsets = stackalloc int[size];
        WindowOffsets(g, offsets);
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            int corner = Corner(g, n, oh, ow);
            ReadOnlySpan<float> window = x[corner..], gradient = gy.Slice(o * c, c);
            Span<float> into = dx[corner..];
            int ch = 0;
            for (; ch <= c - lanes; ch += lanes)
            {
                // The winner's position per lane: a later one only when strictly larger, as Winners decides.
                var best = new Vector<float>(window[(offsets[0] + ch)..]);
                Vector<int> winner = Vector<int>.Zero;
                for (int k = 1; k < size; k++)
                {
                    var v = new Vector<float>(window[(offsets[k] + ch)..]);
                    Vector<int> larger = Vector.GreaterThan(v, best);
                    best = Vector.ConditionalSelect(larger, v, best);
                    winner = Vector.ConditionalSelect(larger, new Vector<int>(k), winner);
                }
                var g0 = new Vector<float>(gradient[ch..]);
                for (int k = 0; k < size; k++) Vector.ConditionalSelect(Vector.Equals(winner, new Vector<int>(k)), g0, Vector<float>.Zero).CopyTo(into[(offsets[k] + ch)..]);
            }
            for (; ch < c; ch++)
            {
                int winner = 0;
                for (int k = 1; k < size; k++)
                {
                    if (window[offsets[k] + ch] > window[offsets[winner] + ch]) winner = k;
                }
                for (int k = 0; k < size; k++) into[offsets[k] + ch] = k == winner ? gradient[ch] : 0f;
            }
        }
    }

    /// <summary>Zeros for the rows below the last row of windows and the columns right of the last column.</summary>
    private static void ClearUncovered(in ConvGeometry g, Span<float> dx)
    {
        int c = g.Channels, rows = g.OutHeight * g.KernelHeight, columns = g.OutWidth * g.KernelWidth;
        if (rows == g.Height && columns == g.Width) return;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int h = 0; h < g.Height; h++)
            {
                int row = ((n * g.Height) + h) * g.Width * c;
                if (h >= rows) dx.Slice(row, g.Width * c).Clear();
                else dx.Slice(row + (columns * c), (g.Width - columns) * c).Clear();
            }
        }
    }
}
