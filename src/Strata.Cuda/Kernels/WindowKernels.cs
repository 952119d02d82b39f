using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>A convolution's or pooling's geometry as a kernel argument (Strata.Kernels.ConvGeometry's fields).</summary>
internal readonly struct Windows(Strata.Kernels.ConvGeometry g)
{
    public readonly int Height = g.Height, Width = g.Width, Channels = g.Channels, KernelHeight = g.KernelHeight, KernelWidth = g.KernelWidth;
    public readonly int StrideH = g.StrideH, StrideW = g.StrideW, DilationH = g.DilationH, DilationW = g.DilationW;
    public readonly int PadTop = g.PadTop, PadLeft = g.PadLeft, OutHeight = g.OutHeight, OutWidth = g.OutWidth;

    /// <summary>Element (position p, window value k) of the image's im2col matrix: the value under the window, 0 in the padding.</summary>
    public float Read(ArrayView<float> x, int p, int k)
    {
        int ow = p % OutWidth, rest = p / OutWidth, oh = rest % OutHeight, n = rest / OutHeight;
        int c = k % Channels, kk = k / Channels, kw = kk % KernelWidth, kh = kk / KernelWidth;
        int ih = (oh * StrideH) + (kh * DilationH) - PadTop, iw = (ow * StrideW) + (kw * DilationW) - PadLeft;
        if (ih < 0 || ih >= Height || iw < 0 || iw >= Width) return 0f;
        return x[((((long)n * Height) + ih) * Width + iw) * Channels + c];
    }
}

/// <summary>
/// The ops that read an image through windows: col2im (a convolution's input gradient: each pixel gathers the
/// im2col entries its windows put it in), max pooling and its gradient (each pixel gathers the gradients of the
/// windows whose first largest value it is, as the CPU and TensorFlow route them), and average pooling and its
/// gradient.
/// </summary>
internal static class WindowKernels
{
    /// <summary>dx (n, h, w, c) = the sum of the im2col rows' entries that read this pixel.</summary>
    public static void Col2Im(Index1D at, ArrayView<float> columns, ArrayView<float> dx, Windows g)
    {
        Pixel(at, g, out int n, out int ih, out int iw, out int c);
        int depth = g.KernelHeight * g.KernelWidth * g.Channels;
        float sum = 0f;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                if (Covers(g, n, ih, iw, kh, kw, g.DilationH, g.DilationW, out int p)) sum += columns[((long)p * depth) + (((kh * g.KernelWidth) + kw) * g.Channels) + c];
            }
        }
        dx[at] = sum;
    }

    /// <summary>y (n, oh, ow, c) = the largest value under the window; padding never wins.</summary>
    public static void MaxPool(Index1D at, ArrayView<float> x, ArrayView<float> y, Windows g)
    {
        int c = at % g.Channels, p = at / g.Channels;
        y[at] = x[First(x, g, p, c)];
    }

    /// <summary>dx (n, h, w, c) = the sum of gy over the windows whose first largest value is this pixel.</summary>
    public static void MaxPoolGradient(Index1D at, ArrayView<float> x, ArrayView<float> gy, ArrayView<float> dx, Windows g)
    {
        Pixel(at, g, out int n, out int ih, out int iw, out int c);
        float sum = 0f;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                if (Covers(g, n, ih, iw, kh, kw, 1, 1, out int p) && First(x, g, p, c) == at) sum += gy[((long)p * g.Channels) + c];
            }
        }
        dx[at] = sum;
    }

    /// <summary>y (n, oh, ow, c) = the mean of the window's positions inside the image ("same" windows at the border average fewer).</summary>
    public static void AveragePool(Index1D at, ArrayView<float> x, ArrayView<float> y, Windows g)
    {
        int c = at % g.Channels, p = at / g.Channels;
        float sum = 0f;
        int count = 0;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                if (!Under(g, p, kh, kw, c, out long i)) continue;
                sum += x[i];
                count++;
            }
        }
        y[at] = sum / count;
    }

    /// <summary>dx (n, h, w, c) = the sum, over the windows that hold this pixel, of each window's gradient over its size.</summary>
    public static void AveragePoolGradient(Index1D at, ArrayView<float> gy, ArrayView<float> dx, Windows g)
    {
        Pixel(at, g, out int n, out int ih, out int iw, out int c);
        float sum = 0f;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                if (Covers(g, n, ih, iw, kh, kw, 1, 1, out int p)) sum += gy[((long)p * g.Channels) + c] / WindowSize(g, p);
            }
        }
        dx[at] = sum;
    }

    /// <summary>Pixel <paramref name="at"/> of the input image: (n, ih, iw, c).</summary>
    private static void Pixel(int at, Windows g, out int n, out int ih, out int iw, out int c)
    {
        c = at % g.Channels;
        int rest = at / g.Channels;
        iw = rest % g.Width;
        rest /= g.Width;
        ih = rest % g.Height;
        n = rest / g.Height;
    }

    /// <summary>Whether a window has pixel (ih, iw) under its offset (kh, kw), and which output position p it is.</summary>
    private static bool Covers(Windows g, int n, int ih, int iw, int kh, int kw, int dilationH, int dilationW, out int p)
    {
        p = 0;
        int th = ih + g.PadTop - (kh * dilationH), tw = iw + g.PadLeft - (kw * dilationW);
        if (th < 0 || th % g.StrideH != 0 || th / g.StrideH >= g.OutHeight) return false;
        if (tw < 0 || tw % g.StrideW != 0 || tw / g.StrideW >= g.OutWidth) return false;
        p = (((n * g.OutHeight) + (th / g.StrideH)) * g.OutWidth) + (tw / g.StrideW);
        return true;
    }

    /// <summary>How many of a window's positions lie inside the image.</summary>
    private static int WindowSize(Windows g, int p)
    {
        int ow = p % g.OutWidth, oh = (p / g.OutWidth) % g.OutHeight;
        int rows = 0, columns = 0;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            int ih = (oh * g.StrideH) + kh - g.PadTop;
            if (ih >= 0 && ih < g.Height) rows++;
        }
        for (int kw = 0; kw < g.KernelWidth; kw++)
        {
            int iw = (ow * g.StrideW) + kw - g.PadLeft;
            if (iw >= 0 && iw < g.Width) columns++;
        }
        return rows * columns;
    }

    /// <summary>The index in x of the first largest value under output position p's window, channel c (row by row).</summary>
    private static long First(ArrayView<float> x, Windows g, int p, int c)
    {
        long best = -1;
        float max = 0f;
        for (int kh = 0; kh < g.KernelHeight; kh++)
        {
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                if (Under(g, p, kh, kw, c, out long i) && (best < 0 || x[i] > max))
                {
                    best = i;
                    max = x[i];
                }
            }
        }
        return best;
    }

    /// <summary>Whether output position p's window offset (kh, kw) lies inside the image, and the index in x of its value in channel c.</summary>
    private static bool Under(Windows g, int p, int kh, int kw, int c, out long i)
    {
        int ow = p % g.OutWidth, rest = p / g.OutWidth, oh = rest % g.OutHeight, n = rest / g.OutHeight;
        int ih = (oh * g.StrideH) + kh - g.PadTop, iw = (ow * g.StrideW) + kw - g.PadLeft;
        i = ((((long)n * g.Height) + ih) * g.Width + iw) * g.Channels + c;
        return ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width;
    }
}
