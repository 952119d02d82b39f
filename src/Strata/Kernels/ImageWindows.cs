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
    /// k-major panel of the transpose: for each position p0..p0+kc (a column of the transpose), the window
    /// values i0..i0+rows of that position, mr floats apart (zeros past rows).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackColumns(int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        for (int p = 0; p < kc; p++) Row(p0 + p, i0, rows, dst + (p * mr));
    }

    /// <summary>Columns from..from+count of row <paramref name="row"/>, into dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Row(int row, int from, int count, float* dst)
    {
        ConvGeometry g = _g;
        int c = g.Channels, positions = g.OutHeight * g.OutWidth;
        int n = row / positions, oh = row % positions / g.OutWidth, ow = row % g.OutWidth;
        int tap = from / c, channel = from % c, done = 0;
        while (done < count)
        {
            int i = tap / g.KernelWidth, j = tap % g.KernelWidth;
            int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH), iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
            int run = Math.Min(c - channel, count - done);
            float* to = dst + done;
            if ((uint)ih >= (uint)g.Height || (uint)iw >= (uint)g.Width) new Span<float>(to, run).Clear();
            else new ReadOnlySpan<float>(_x + ((((((n * g.Height) + ih) * g.Width) + iw) * c) + channel), run).CopyTo(new Span<float>(to, run));
            done += run;
            tap++;
            channel = 0;
        }
    }
}
