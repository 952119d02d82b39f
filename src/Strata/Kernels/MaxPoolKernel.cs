namespace Strata.Kernels;

/// <summary>
/// 2-D max pooling on channels-last data: each output is the largest value under its window (padding
/// never wins: "same" windows take the maximum of their positions inside the image). The gradient goes
/// to the first largest position of each window, as TensorFlow's MaxPoolGrad does.
/// </summary>
internal static class MaxPoolKernel
{
    public static void Forward(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y)
    {
        int c = g.Channels;
        Span<int> best = c <= 1024 ? stackalloc int[c] : new int[c];
        for (int n = 0, o = 0; n < g.Batch; n++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o++)
                {
                    Winners(x, g, n, oh, ow, best);
                    Span<float> dst = y.Slice(o * c, c);
                    for (int ch = 0; ch < c; ch++) dst[ch] = x[best[ch] + ch];
                }
            }
        }
    }

    /// <summary>Adds each output's gradient at its window's first largest position (dx is cleared first).</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx)
    {
        dx.Clear();
        int c = g.Channels;
        Span<int> best = c <= 1024 ? stackalloc int[c] : new int[c];
        for (int n = 0, o = 0; n < g.Batch; n++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o++)
                {
                    Winners(x, g, n, oh, ow, best);
                    for (int ch = 0; ch < c; ch++) dx[best[ch] + ch] += gy[(o * c) + ch];
                }
            }
        }
    }

    /// <summary>Reads, for each output, the value at its window's first largest position (the transpose of <see cref="Backward"/> in its gradient).</summary>
    public static void Gather(ReadOnlySpan<float> x, ReadOnlySpan<float> u, in ConvGeometry g, Span<float> y)
    {
        int c = g.Channels;
        Span<int> best = c <= 1024 ? stackalloc int[c] : new int[c];
        for (int n = 0, o = 0; n < g.Batch; n++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o++)
                {
                    Winners(x, g, n, oh, ow, best);
                    for (int ch = 0; ch < c; ch++) y[(o * c) + ch] = u[best[ch] + ch];
                }
            }
        }
    }

    /// <summary>For each channel, the offset of the pixel (channel 0) holding the window's first largest value; NaN wins, as in a max.</summary>
    private static void Winners(ReadOnlySpan<float> x, in ConvGeometry g, int n, int oh, int ow, Span<int> best)
    {
        int c = g.Channels;
        bool first = true;
        for (int i = 0; i < g.KernelHeight; i++)
        {
            int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH);
            if (ih < 0 || ih >= g.Height) continue;
            for (int j = 0; j < g.KernelWidth; j++)
            {
                int iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
                if (iw < 0 || iw >= g.Width) continue;
                int at = (((n * g.Height) + ih) * g.Width + iw) * c;
                if (first)
                {
                    best.Fill(at);
                    first = false;
                    continue;
                }
                for (int ch = 0; ch < c; ch++)
                {
                    float v = x[at + ch], current = x[best[ch] + ch];
                    if (v > current || (float.IsNaN(v) && !float.IsNaN(current))) best[ch] = at;
                }
            }
        }
    }
}
