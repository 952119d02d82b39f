using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// Lays a channels-last image batch out as a matrix with one row per output position and one column
/// per value under the window (in the kernel's (height, width, channel) order), so that a convolution
/// is one GEMM with the kernel seen as a (window values × filters) matrix. <see cref="Scatter"/> adds
/// such a matrix back onto the image, the transpose, for the gradient with respect to the input.
/// Positions outside the image (padding) read as zeros.
/// </summary>
internal static class Im2Col
{
    public static void Gather(ReadOnlySpan<float> x, in ConvGeometry g, Span<float> cols)
    {
        int c = g.Channels, k = g.Depth;
        for (int n = 0, row = 0; n < g.Batch; n++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    Span<float> dst = cols.Slice(row * k, k);
                    int at = 0;
                    for (int i = 0; i < g.KernelHeight; i++)
                    {
                        int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH);
                        for (int j = 0; j < g.KernelWidth; j++, at += c)
                        {
                            int iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
                            if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) dst.Slice(at, c).Clear();
                            else x.Slice((((n * g.Height) + ih) * g.Width + iw) * c, c).CopyTo(dst.Slice(at, c));
                        }
                    }
                }
            }
        }
    }

    public static void Scatter(ReadOnlySpan<float> cols, in ConvGeometry g, Span<float> x)
    {
        x.Clear();
        int c = g.Channels, k = g.Depth;
        for (int n = 0, row = 0; n < g.Batch; n++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    ReadOnlySpan<float> src = cols.Slice(row * k, k);
                    int at = 0;
                    for (int i = 0; i < g.KernelHeight; i++)
                    {
                        int ih = (oh * g.StrideH) - g.PadTop + (i * g.DilationH);
                        for (int j = 0; j < g.KernelWidth; j++, at += c)
                        {
                            int iw = (ow * g.StrideW) - g.PadLeft + (j * g.DilationW);
                            if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) continue;
                            Span<float> into = x.Slice((((n * g.Height) + ih) * g.Width + iw) * c, c);
                            TensorPrimitives.Add(into, src.Slice(at, c), into);
                        }
                    }
                }
            }
        }
    }
}
