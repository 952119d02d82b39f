using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// Batch normalization's passes over (rows × channels) data (every axis but the last is a row): the
/// batch moments, the normalization itself (a per-channel scale and shift), and the two per-channel sums
/// its gradient needs, each in one pass. Rows are summed in blocks into per-channel partial sums, then the blocks in order: the same bits
/// every time, and less rounding than one long running sum.
/// </summary>
internal static class BatchNormKernel
{
    /// <summary>Rows summed into one partial before it joins the total.</summary>
    public const int Block = 256;

    /// <summary>moments[0] = the channels' means, moments[1] their (biased) variances: two passes, as Keras's moments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Moments(ReadOnlySpan<float> x, int channels, Span<float> moments)
    {
        int c = channels, rows = x.Length / c;
        Span<float> mean = moments[..c], variance = moments[c..(2 * c)];
        Span<float> partial = c <= 4096 ? stackalloc float[c] : new float[c], centred = c <= 4096 ? stackalloc float[c] : new float[c];
        mean.Clear();
        for (int start = 0; start < rows; start += Block)
        {
            partial.Clear();
            for (int r = start; r < Math.Min(rows, start + Block); r++) TensorPrimitives.Add(partial, x.Slice(r * c, c), partial);
            TensorPrimitives.Add(mean, partial, mean);
        }
        TensorPrimitives.Divide(mean, rows, mean);
        variance.Clear();
        for (int start = 0; start < rows; start += Block)
        {
            partial.Clear();
            for (int r = start; r < Math.Min(rows, start + Block); r++)
            {
                TensorPrimitives.Subtract(x.Slice(r * c, c), mean, centred);
                TensorPrimitives.MultiplyAdd(centred, centred, partial, partial);
            }
            TensorPrimitives.Add(variance, partial, variance);
        }
        TensorPrimitives.Divide(variance, rows, variance);
    }

    /// <summary>y = x · scale + shift per channel: the normalization with gamma, beta and the statistics folded in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> y)
    {
        int c = scale.Length;
        for (int at = 0; at < x.Length; at += c) TensorPrimitives.MultiplyAdd(x.Slice(at, c), scale, shift, y.Slice(at, c));
    }

    /// <summary>sums[0] = Σ over rows of g, sums[1] = Σ g · x: the gradients of a per-channel shift and scale, in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GradientSums(ReadOnlySpan<float> x, ReadOnlySpan<float> g, int channels, Span<float> sums)
    {
        int c = channels, rows = x.Length / c;
        Span<float> s1 = sums[..c], s2 = sums[c..(2 * c)];
        s1.Clear();
        s2.Clear();
        Span<float> p1 = c <= 4096 ? stackalloc float[c] : new float[c], p2 = c <= 4096 ? stackalloc float[c] : new float[c];
        for (int start = 0; start < rows; start += Block)
        {
            p1.Clear();
            p2.Clear();
            for (int r = start; r < Math.Min(rows, start + Block); r++)
            {
                ReadOnlySpan<float> gr = g.Slice(r * c, c);
                TensorPrimitives.Add(p1, gr, p1);
                TensorPrimitives.MultiplyAdd(x.Slice(r * c, c), gr, p2, p2);
            }
            TensorPrimitives.Add(s1, p1, s1);
            TensorPrimitives.Add(s2, p2, s2);
        }
    }
}
