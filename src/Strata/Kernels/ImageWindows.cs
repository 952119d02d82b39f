using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// The im2col matrix of a channels-last image batch, never stored: one row per output position, one
/// column per value under its window ((height, width, channel) order, zeros for padding). The GEMM's
/// packing reads it through here, block by block into its L1-sized panels, so a convolution runs on the
/// packed GEMM's micro-kernels without a full im2col copy in memory (implicit GEMM).
/// </summary>
internal readonly unsafe struct ImageWindows(ConvGeometry g, float* x)
{
    private readonly ConvGeometry _g = g;
    private readonly float* _x = x;

    /// <summary>
    /// Row-major panel: rows i0.. (output positions) of columns p0..p0+kc, row r at dst + r·stride. A window
    /// tap is a run of channels, copied whole or in part where the block cuts it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackRows(int i0, int rows, int p0, int kc, float* dst, int stride)
    {
        for (int r = 0; r < rows; r++) Row(i0 + r, p0, kc, dst + (r * stride));
    }

    /// <summary>
    /// As the B operand (k = positions, n = window values): micro-panels of nr window values j0.. for the
    /// positions p0..p0+kc, as GemmPacking.PackB lays out a stored matrix (zeros past the last value).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackPanels(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr, dst += kc * nr)
        {
            int cols = Math.Min(nr, nc - jr);
            for (int p = 0; p < kc; p++)
            {
                Row(p0 + p, j0 + jr, cols, dst + (p * nr));
                if (cols < nr) new Span<float>(dst + (p * nr) + cols, nr - cols).Clear();
            }
        }
    }

    /// <summary>Columns from..from+count of row <paramref name="row"/>, into dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Row(int row, int from, int count, float* dst)
    {
        ConvGeometry g = _g;
        int c = g.Channels, positions = g.OutHeight * g.OutWidth;
        (int n, int at) = Math.DivRem(row, positions);
        (int oh, int ow) = Math.DivRem(at, g.OutWidth);
        (int tap, int channel) = Math.DivRem(from, c);
        (int i, int j) = Math.DivRem(tap, g.KernelWidth);
        int top = (oh * g.StrideH) - g.PadTop, left = (ow * g.StrideW) - g.PadLeft;
        float* image = _x + ((long)n * g.Height * g.Width * c);
        for (int done = 0; done < count;)
        {
            int ih = top + (i * g.DilationH), iw = left + (j * g.DilationW);
            int run = Math.Min(c - channel, count - done);
            float* to = dst + done;
            if ((uint)ih >= (uint)g.Height || (uint)iw >= (uint)g.Width)
            {
                for (int q = 0; q < run; q++) to[q] = 0f;
            }
            else
            {
                float* src = image + ((((ih * g.Width) + iw) * c) + channel);
                if (run == 1) *to = *src; // one channel (a first layer on grayscale): no copy call per value
                else Buffer.MemoryCopy(src, to, run * sizeof(float), run * sizeof(float));
            }
            done += run;
            channel = 0;
            if (++j == g.KernelWidth)
            {
                j = 0;
                i++;
            }
        }
    }
}
