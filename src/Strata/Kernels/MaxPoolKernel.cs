using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// 2-D max pooling on channels-last data, a window position at a time over all channels at once: each
/// output is the largest value under its window (padding never wins: "same" windows take the maximum of
/// their positions inside the image). The gradient goes to the first largest position of each window,
/// as TensorFlow's MaxPoolGrad does.
/// </summary>
internal static class MaxPoolKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    public static void Forward(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y)
    {
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
}
