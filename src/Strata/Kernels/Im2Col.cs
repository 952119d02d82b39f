using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// Lays a channels-last image batch out as a matrix with one row per output position and one column
/// per value under the window (in the kernel's (height, width, channel) order), so that a convolution
/// is one GEMM with the kernel seen as a (window values × filters) matrix. <see cref="Scatter"/> adds
/// such a matrix back onto the image, the transpose, for the gradient with respect to the input.
/// Positions outside the image (padding) read as zeros. Large batches split over the workers: rows
/// for <see cref="Gather"/>, whole images for <see cref="Scatter"/> (whose windows overlap within an
/// image), so the result does not depend on the split.
/// </summary>
internal static class Im2Col
{
    /// <summary>Elements per thread below which a second thread costs more than it saves.</summary>
    private const int MinPerThread = 64 * 1024;

    public static void Gather(float[] x, int xOffset, ConvGeometry g, float[] cols, int colsOffset)
    {
        int parts = GemmWorkers.PartsFor((long)g.Rows * g.Depth, MinPerThread, Engine.Threads);
        if (parts <= 1) GatherRows(x, xOffset, g, cols, colsOffset, 0, g.Rows);
        else ParallelElementwise.For(g.Rows, parts, (begin, end) => GatherRows(x, xOffset, g, cols, colsOffset, begin, end));
    }

    public static void Scatter(float[] cols, int colsOffset, ConvGeometry g, float[] x, int xOffset)
    {
        int parts = Math.Min(g.Batch, GemmWorkers.PartsFor((long)g.Rows * g.Depth, MinPerThread, Engine.Threads));
        if (parts <= 1) ScatterImages(cols, colsOffset, g, x, xOffset, 0, g.Batch);
        // The parts' boundaries are multiples of 64 of the length asked for: 64 per image keeps them on image boundaries.
        else ParallelElementwise.ForItems(g.Batch, parts, (first, end) => ScatterImages(cols, colsOffset, g, x, xOffset, first, end));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void GatherRows(float[] x, int xOffset, in ConvGeometry g, float[] cols, int colsOffset, int begin, int end)
    {
        int c = g.Channels, k = g.Depth, positions = g.OutHeight * g.OutWidth;
        for (int row = begin; row < end; row++)
        {
            int n = row / positions, oh = row % positions / g.OutWidth, ow = row % g.OutWidth;
            Span<float> dst = cols.AsSpan(colsOffset + (row * k), k);
            int at = 0;
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH);
                for (int j = 0; j < g.KernelWidth; j++, at += c)
                {
                    int iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
                    if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) dst.Slice(at, c).Clear();
                    else x.AsSpan(xOffset + ((((n * g.Height) + ih) * g.Width + iw) * c), c).CopyTo(dst.Slice(at, c));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScatterImages(float[] cols, int colsOffset, in ConvGeometry g, float[] x, int xOffset, int first, int last)
    {
        int c = g.Channels, k = g.Depth, image = g.Height * g.Width * c;
        x.AsSpan(xOffset + (first * image), (last - first) * image).Clear();
        for (int n = first; n < last; n++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int row = ((n * g.OutHeight) + oh) * g.OutWidth + ow;
                    ReadOnlySpan<float> src = cols.AsSpan(colsOffset + (row * k), k);
                    int at = 0;
                    for (int i = 0; i < g.KernelHeight; i++)
                    {
                        int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH);
                        for (int j = 0; j < g.KernelWidth; j++, at += c)
                        {
                            int iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
                            if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) continue;
                            Span<float> into = x.AsSpan(xOffset + ((((n * g.Height) + ih) * g.Width + iw) * c), c);
                            TensorPrimitives.Add(into, src.Slice(at, c), into);
                        }
                    }
                }
            }
        }
    }
}
