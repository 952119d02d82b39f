using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// 2-D average pooling on channels-last data, all channels of a window position at once: each output is
/// the mean of its window's positions inside the image ("same" windows at the border average fewer
/// values, as TensorFlow does). Linear in x: the gradient spreads each output's gradient evenly over its
/// window, and that spreading's own transpose is the pooling again.
/// </summary>
internal static class AveragePoolKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    public static void Forward(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y)
    {
        int c = g.Channels;
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            Span<float> dst = y.Slice(o * c, c);
            dst.Clear();
            int count = 0;
            foreach (int at in new PoolWindow(g, n, oh, ow))
            {
                TensorPrimitives.Add(dst, x.Slice(at, c), dst);
                count++;
            }
            TensorPrimitives.Divide(dst, count, dst);
        }
    }

    /// <summary>dx: each output's gradient divided by its window's size, added at every position of the window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx)
    {
        dx.Clear();
        int c = g.Channels;
        Span<float> share = c <= 1024 ? stackalloc float[c] : new float[c];
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            int count = 0;
            foreach (int _ in new PoolWindow(g, n, oh, ow)) count++;
            TensorPrimitives.Divide(gy.Slice(o * c, c), count, share);
            foreach (int at in new PoolWindow(g, n, oh, ow))
            {
                Span<float> into = dx.Slice(at, c);
                TensorPrimitives.Add(into, share, into);
            }
        }
    }
}
