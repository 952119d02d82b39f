using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// Batch normalization's passes over (rows × channels) data, as the CPU's BatchNormKernel computes them: rows are
/// summed in blocks into per-channel partial sums (one thread per block and channel), then the blocks in order (one
/// thread per channel), so the additions come in the CPU's order and the same bits come every run.
/// </summary>
internal static class ChannelKernels
{
    /// <summary>
    /// partial[b, ch] = Σ over block b's rows of x[r, ch], of (x[r, ch] − centre[ch])²,
    /// or of g[r, ch] · x[r, ch], as <paramref name="mode"/> says. <paramref name="centre"/> has one value per channel in every mode.
    /// </summary>
    public static void BlockSums(Index2D at, ArrayView<float> x, ArrayView<float> g, ArrayView<float> centre, ArrayView<float> partial, int rows, int block, int mode)
    {
        int b = at.X, ch = at.Y, channels = (int)centre.Length;
        float sum = 0f;
        int end = Math.Min(rows, (b + 1) * block);
        for (int r = b * block; r < end; r++)
        {
            float v = x[((long)r * channels) + ch];
            sum += mode switch
            {
                Squared => (v - centre[ch]) * (v - centre[ch]),
                Product => g[((long)r * channels) + ch] * v,
                _ => v,
            };
        }
        partial[((long)b * channels) + ch] = sum;
    }

    /// <summary>What <see cref="BlockSums"/> adds up: the values, their squared distance from a centre, or their products with g.</summary>
    public const int Plain = 0, Squared = 1, Product = 2;

    /// <summary>total[ch] = (Σ over blocks, in order, of partial[b, ch]) / divisor.</summary>
    public static void CombineBlocks(Index1D ch, ArrayView<float> partial, ArrayView<float> total, int blocks, float divisor)
    {
        int channels = (int)total.Length;
        float sum = 0f;
        for (int b = 0; b < blocks; b++) sum += partial[((long)b * channels) + ch];
        total[ch] = sum / divisor;
    }

    /// <summary>y = x · scale[ch] + shift[ch], channels on the last axis.</summary>
    public static void ScaleShift(Index1D at, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> shift, ArrayView<float> y)
    {
        int ch = (int)(at % scale.Length);
        y[at] = (x[at] * scale[ch]) + shift[ch];
    }
}
