using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Strata.Kernels;

/// <summary>
/// Depthwise 2-D convolution on channels-last data with one kernel per channel (a depth multiplier is
/// the op's business: it repeats the channels first): y[n, oh, ow, c] = Σ over the window
/// x[n, ih, iw, c] · k[i, j, c]. Direct loops, vectorized across channels (AVX-512, else AVX2, else
/// scalar), the sums of a block of channels kept in a register across the window's taps. Images are
/// split over threads; the kernel gradient sums fixed chunks of images and then the chunks in order, so
/// results are bit-identical for any thread count.
/// </summary>
internal static class DepthwiseKernel
{
    /// <summary>Below this many multiply-adds a call stays on one thread.</summary>
    private const long MinPerThread = 1 << 16;

    /// <summary>How many chunks of images the kernel gradient sums separately (fixed, so the sum's order does not depend on threads).</summary>
    private const int GradientChunks = 8;

    private static int Parts(in ConvGeometry g) =>
        GemmWorkers.PartsFor((long)g.Batch * g.OutHeight * g.OutWidth * g.Channels * g.KernelHeight * g.KernelWidth, MinPerThread, Engine.Threads);

    public static void Forward(float[] x, int xOffset, float[] k, int kOffset, ConvGeometry g, float[] y, int yOffset)
    {
        int parts = Math.Min(g.Batch, Parts(g));
        if (parts <= 1) ForwardImages(x, xOffset, k, kOffset, g, y, yOffset, 0, g.Batch);
        else ParallelElementwise.ForItems(g.Batch, parts, (first, end) => ForwardImages(x, xOffset, k, kOffset, g, y, yOffset, first, end));
    }

    public static void InputGradient(float[] gy, int gyOffset, float[] k, int kOffset, ConvGeometry g, float[] dx, int dxOffset)
    {
        int parts = Math.Min(g.Batch, Parts(g));
        if (parts <= 1) InputGradientImages(gy, gyOffset, k, kOffset, g, dx, dxOffset, 0, g.Batch);
        else ParallelElementwise.ForItems(g.Batch, parts, (first, end) => InputGradientImages(gy, gyOffset, k, kOffset, g, dx, dxOffset, first, end));
    }

    /// <summary>dk, through <paramref name="scratch"/> (one partial kernel per chunk of images; grown when too small, kept by the caller).</summary>
    public static void KernelGradient(float[] x, int xOffset, float[] gy, int gyOffset, ConvGeometry g, float[] dk, int dkOffset, ref float[]? scratch)
    {
        int size = g.KernelHeight * g.KernelWidth * g.Channels, chunks = Math.Min(g.Batch, GradientChunks);
        if (scratch is null || scratch.Length < chunks * size) scratch = new float[chunks * size];
        float[] partials = scratch;
        int parts = Math.Min(chunks, Parts(g));
        void Chunks(int first, int end)
        {
            for (int chunk = first; chunk < end; chunk++)
            {
                KernelGradientImages(x, xOffset, gy, gyOffset, g, partials, chunk * size, (int)((long)g.Batch * chunk / chunks), (int)((long)g.Batch * (chunk + 1) / chunks));
            }
        }
        if (parts <= 1) Chunks(0, chunks);
        else ParallelElementwise.ForItems(chunks, parts, Chunks);
        Span<float> result = dk.AsSpan(dkOffset, size);
        partials.AsSpan(0, size).CopyTo(result);
        for (int chunk = 1; chunk < chunks; chunk++) System.Numerics.Tensors.TensorPrimitives.Add(result, partials.AsSpan(chunk * size, size), result);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void ForwardImages(float[] x, int xOffset, float[] k, int kOffset, in ConvGeometry g, float[] y, int yOffset, int first, int end)
    {
        int c = g.Channels;
        Span<int> xAt = stackalloc int[g.KernelHeight * g.KernelWidth], kAt = stackalloc int[g.KernelHeight * g.KernelWidth];
        for (int n = first; n < end; n++)
        {
            for (int oh = 0, o = n * g.OutHeight * g.OutWidth; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o++)
                {
                    int taps = Taps(g, n, oh, ow, xOffset, kOffset, xAt, kAt);
                    int at = yOffset + (o * c), ch = 0;
                    ref float xr = ref MemoryMarshal.GetArrayDataReference(x), kr = ref MemoryMarshal.GetArrayDataReference(k), yr = ref MemoryMarshal.GetArrayDataReference(y);
                    if (Vector512.IsHardwareAccelerated)
                    {
                        for (; ch + 16 <= c; ch += 16)
                        {
                            Vector512<float> sum = Vector512<float>.Zero;
                            for (int t = 0; t < taps; t++) sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)(xAt[t] + ch)), Vector512.LoadUnsafe(ref kr, (nuint)(kAt[t] + ch)), sum);
                            sum.StoreUnsafe(ref yr, (nuint)(at + ch));
                        }
                    }
                    if (Vector256.IsHardwareAccelerated)
                    {
                        for (; ch + 8 <= c; ch += 8)
                        {
                            Vector256<float> sum = Vector256<float>.Zero;
                            for (int t = 0; t < taps; t++) sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)(xAt[t] + ch)), Vector256.LoadUnsafe(ref kr, (nuint)(kAt[t] + ch)), sum);
                            sum.StoreUnsafe(ref yr, (nuint)(at + ch));
                        }
                    }
                    for (; ch < c; ch++)
                    {
                        float sum = 0f;
                        for (int t = 0; t < taps; t++) sum = MathF.FusedMultiplyAdd(x[xAt[t] + ch], k[kAt[t] + ch], sum);
                        y[at + ch] = sum;
                    }
                }
            }
        }
    }

    /// <summary>dx: each output's gradient added back at its window's taps, weighted by the kernel (the forward's transpose).</summary>
    private static void InputGradientImages(float[] gy, int gyOffset, float[] k, int kOffset, in ConvGeometry g, float[] dx, int dxOffset, int first, int end)
    {
        int image = g.Height * g.Width * g.Channels;
        dx.AsSpan(dxOffset + (first * image), (end - first) * image).Clear();
        Scatter(gy, gyOffset, g, first, end, dx, dxOffset, k, kOffset, intoInput: true);
    }

    /// <summary>One chunk's dk into partial[at..]: Σ over its outputs x[tap] · gy[output], per tap and channel.</summary>
    private static void KernelGradientImages(float[] x, int xOffset, float[] gy, int gyOffset, in ConvGeometry g, float[] partial, int partialAt, int first, int end)
    {
        partial.AsSpan(partialAt, g.KernelHeight * g.KernelWidth * g.Channels).Clear();
        Scatter(gy, gyOffset, g, first, end, x, xOffset, partial, partialAt, intoInput: false);
    }

    /// <summary>
    /// For each output of images [first, end) and each tap of its window: the output's gradient times the
    /// tap's value in one array, added at the tap's place in the other; into the input-shaped array (dx, from
    /// the kernel) or into the kernel-shaped one (dk, from x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Scatter(float[] gy, int gyOffset, in ConvGeometry g, int first, int end, float[] input, int inputBase, float[] kernel, int kernelBase, bool intoInput)
    {
        int c = g.Channels;
        Span<int> xAt = stackalloc int[g.KernelHeight * g.KernelWidth], kAt = stackalloc int[g.KernelHeight * g.KernelWidth];
        Span<int> intoAt = intoInput ? xAt : kAt, fromAt = intoInput ? kAt : xAt;
        ref float gr = ref MemoryMarshal.GetArrayDataReference(gy);
        ref float into = ref MemoryMarshal.GetArrayDataReference(intoInput ? input : kernel), from = ref MemoryMarshal.GetArrayDataReference(intoInput ? kernel : input);
        for (int n = first; n < end; n++)
        {
            for (int oh = 0, o = n * g.OutHeight * g.OutWidth; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, o++)
                {
                    int taps = Taps(g, n, oh, ow, inputBase, kernelBase, xAt, kAt);
                    int at = gyOffset + (o * c), ch = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        for (; ch + 16 <= c; ch += 16)
                        {
                            Vector512<float> grad = Vector512.LoadUnsafe(ref gr, (nuint)(at + ch));
                            for (int t = 0; t < taps; t++)
                            {
                                ref float dst = ref Unsafe.Add(ref into, intoAt[t] + ch);
                                Vector512.FusedMultiplyAdd(grad, Vector512.LoadUnsafe(ref from, (nuint)(fromAt[t] + ch)), Vector512.LoadUnsafe(ref dst)).StoreUnsafe(ref dst);
                            }
                        }
                    }
                    if (Vector256.IsHardwareAccelerated)
                    {
                        for (; ch + 8 <= c; ch += 8)
                        {
                            Vector256<float> grad = Vector256.LoadUnsafe(ref gr, (nuint)(at + ch));
                            for (int t = 0; t < taps; t++)
                            {
                                ref float dst = ref Unsafe.Add(ref into, intoAt[t] + ch);
                                Vector256.FusedMultiplyAdd(grad, Vector256.LoadUnsafe(ref from, (nuint)(fromAt[t] + ch)), Vector256.LoadUnsafe(ref dst)).StoreUnsafe(ref dst);
                            }
                        }
                    }
                    for (; ch < c; ch++)
                    {
                        for (int t = 0; t < taps; t++)
                        {
                            ref float dst = ref Unsafe.Add(ref into, intoAt[t] + ch);
                            dst = MathF.FusedMultiplyAdd(gy[at + ch], Unsafe.Add(ref from, fromAt[t] + ch), dst);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The window taps of output (n, oh, ow) that fall inside the image: each one's input offset (from
    /// <paramref name="xBase"/>) and kernel offset (from <paramref name="kBase"/>). Returns how many.
    /// </summary>
    private static int Taps(in ConvGeometry g, int n, int oh, int ow, int xBase, int kBase, Span<int> xAt, Span<int> kAt)
    {
        int taps = 0, c = g.Channels, top = (oh * g.StrideH) - g.PadTop, left = (ow * g.StrideW) - g.PadLeft;
        for (int i = 0; i < g.KernelHeight; i++)
        {
            int ih = top + (i * g.DilationH);
            if ((uint)ih >= (uint)g.Height) continue;
            for (int j = 0; j < g.KernelWidth; j++)
            {
                int iw = left + (j * g.DilationW);
                if ((uint)iw >= (uint)g.Width) continue;
                xAt[taps] = xBase + ((((n * g.Height) + ih) * g.Width) + iw) * c;
                kAt[taps++] = kBase + (((i * g.KernelWidth) + j) * c);
            }
        }
        return taps;
    }
}
