using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// Depthwise 2-D convolution on channels-last data: each input channel c is convolved with its own
/// kernels k[:, :, c, m] for m below the depth multiplier, giving output channel c·multiplier + m.
/// Direct loops over the windows (no GEMM: each output reads only its own channel), and the two
/// gradients as their transposes.
/// </summary>
internal static class DepthwiseKernel
{
    /// <summary>y[o, c·M + m] = Σ over the window x[pos, c] · k[i, j, c, m].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> k, in ConvGeometry g, int multiplier, Span<float> y)
    {
        int c = g.Channels, outC = c * multiplier;
        y.Clear();
        foreach ((int o, int i, int j, int at) in Taps(g))
        {
            Span<float> dst = y.Slice(o * outC, outC);
            ReadOnlySpan<float> src = x.Slice(at, c), weights = k.Slice(((i * g.KernelWidth) + j) * outC, outC);
            for (int ch = 0; ch < c; ch++)
            {
                for (int m = 0; m < multiplier; m++) dst[(ch * multiplier) + m] += src[ch] * weights[(ch * multiplier) + m];
            }
        }
    }

    /// <summary>dx[pos, c] = Σ over the outputs whose window holds pos, Σ_m gy[o, c·M + m] · k[i, j, c, m].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputGradient(ReadOnlySpan<float> gy, ReadOnlySpan<float> k, in ConvGeometry g, int multiplier, Span<float> dx)
    {
        int c = g.Channels, outC = c * multiplier;
        dx.Clear();
        foreach ((int o, int i, int j, int at) in Taps(g))
        {
            ReadOnlySpan<float> grad = gy.Slice(o * outC, outC), weights = k.Slice(((i * g.KernelWidth) + j) * outC, outC);
            Span<float> into = dx.Slice(at, c);
            for (int ch = 0; ch < c; ch++)
            {
                float sum = 0f;
                for (int m = 0; m < multiplier; m++) sum += grad[(ch * multiplier) + m] * weights[(ch * multiplier) + m];
                into[ch] += sum;
            }
        }
    }

    /// <summary>dk[i, j, c, m] = Σ over the outputs x[pos(o, i, j), c] · gy[o, c·M + m].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, in ConvGeometry g, int multiplier, Span<float> dk)
    {
        int c = g.Channels, outC = c * multiplier;
        dk.Clear();
        foreach ((int o, int i, int j, int at) in Taps(g))
        {
            ReadOnlySpan<float> src = x.Slice(at, c), grad = gy.Slice(o * outC, outC);
            Span<float> into = dk.Slice(((i * g.KernelWidth) + j) * outC, outC);
            for (int ch = 0; ch < c; ch++)
            {
                for (int m = 0; m < multiplier; m++) into[(ch * multiplier) + m] += src[ch] * grad[(ch * multiplier) + m];
            }
        }
    }

    /// <summary>Every (output position, window row, window column, input offset) of the convolution whose tap falls inside the image.</summary>
    private static IEnumerable<(int Output, int I, int J, int At)> Taps(ConvGeometry g)
    {
        foreach ((int o, int n, int oh, int ow) in new PoolPositions(g))
        {
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH);
                if (ih < 0 || ih >= g.Height) continue;
                for (int j = 0; j < g.KernelWidth; j++)
                {
                    int iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
                    if (iw >= 0 && iw < g.Width) yield return (o, i, j, (((n * g.Height) + ih) * g.Width + iw) * g.Channels);
                }
            }
        }
    }
}
