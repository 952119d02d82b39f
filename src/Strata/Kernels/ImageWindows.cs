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
        // Position by position (each one's place in the image worked out once), its values panel by panel.
        for (int p = 0; p < kc; p++)
        {
            Window window = At(p0 + p);
            float* to = dst + (p * nr);
            for (int jr = 0; jr < nc; jr += nr, to += kc * nr)
            {
                int cols = Math.Min(nr, nc - jr);
                Copy(window, j0 + jr, cols, to);
                if (cols < nr) new Span<float>(to + cols, nr - cols).Clear();
            }
        }
    }

    /// <summary>Where an output position's window lies: its image, and its top-left corner (may be outside, in the padding).</summary>
    private readonly struct Window(float* image, int top, int left)
    {
        public readonly float* Image = image;
        public readonly int Top = top, Left = left;
    }

    private Window At(int row)
    {
        ConvGeometry g = _g;
        (int n, int at) = Math.DivRem(row, g.OutHeight * g.OutWidth);
        (int oh, int ow) = Math.DivRem(at, g.OutWidth);
        return new Window(_x + ((long)n * g.Height * g.Width * g.Channels), (oh * g.StrideH) - g.PadTop, (ow * g.StrideW) - g.PadLeft);
    }

    /// <summary>Columns from..from+count of row <paramref name="row"/>, into dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Row(int row, int from, int count, float* dst) => Copy(At(row), from, count, dst);

    /// <summary>Values from..from+count of a window, into dst: runs of channels tap by tap, zeros for the padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Copy(Window window, int from, int count, float* dst)
    {
        ConvGeometry g = _g;
        int c = g.Channels;
        (int tap, int channel) = Math.DivRem(from, c);
        (int i, int j) = Math.DivRem(tap, g.KernelWidth);
        for (int done = 0; done < count;)
        {
            int ih = window.Top + (i * g.DilationH), iw = window.Left + (j * g.DilationW);
            int run = Math.Min(c - channel, count - done);
            float* to = dst + done;
            if ((uint)ih >= (uint)g.Height || (uint)iw >= (uint)g.Width)
            {
                for (int q = 0; q < run; q++) to[q] = 0f;
            }
            else
            {
                float* src = window.Image + ((((ih * g.Width) + iw) * c) + channel);
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
