using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Kernels;

/// <summary>
/// The windows products of a convolution whose window holds few values (a first layer on grayscale images:
/// 3·3·1 = 9), computed directly: a GEMM with k = 9 spends its time packing panels and padding tiles,
/// while here each position's window values stay in a small buffer and the filters run along vector lanes.
/// The same sums as the GEMM's, in the same order over the window (deterministic; the kernel gradient sums
/// fixed chunks of positions and then the chunks in order, whatever the threads).
/// </summary>
internal static unsafe class SmallWindows
{
    /// <summary>Windows up to this many values take the direct path.</summary>
    public const int MaxDepth = 16;

    /// <summary>Chunks of positions the kernel gradient sums separately (fixed, so the order never depends on threads).</summary>
    private const int Chunks = 8;

    /// <summary>Positions per thread below which a second thread costs more than it saves.</summary>
    private const int MinPositionsPerThread = 4096;

    /// <summary>c[rows × n] = windows(x) · b[depth × n], plus the bias row and ReLU when given.</summary>
    public static void Forward(float* x, ConvGeometry g, int n, float* b, float* c, float* bias, bool relu, int threads)
    {
        int parts = Math.Min(Chunks, GemmWorkers.PartsFor(g.Rows, MinPositionsPerThread, threads));
        var job = new Job { Windows = new ImageWindows(g, x), X = x, Geometry = g, N = n, B = b, C = c, Bias = bias, Relu = relu, Parts = parts };
        if (parts <= 1) ForwardRows(&job, 0, g.Rows);
        else GemmWorkers.Run(parts, &ForwardPart, &job);
    }

    /// <summary>c[m × depth] = aᵀ · windows(x), a stored (rows × m): the transposed kernel gradient.</summary>
    public static void TransposedByWindows(float* x, ConvGeometry g, int m, float* a, float* c, int threads)
    {
        int depth = g.Depth, size = m * depth;
        float[] partials = GC.AllocateUninitializedArray<float>(Chunks * size);
        fixed (float* p = partials)
        {
            int parts = Math.Min(Chunks, GemmWorkers.PartsFor(g.Rows, MinPositionsPerThread, threads));
            var job = new Job { Windows = new ImageWindows(g, x), X = x, Geometry = g, N = m, B = a, C = p, Parts = parts };
            if (parts <= 1) GradientPart(0, &job);
            else GemmWorkers.Run(parts, &GradientPart, &job);
            // The chunks' sums in order, turned from (depth × m) into (m × depth).
            for (int d = 0; d < depth; d++)
            {
                for (int f = 0; f < m; f++)
                {
                    float sum = 0f;
                    for (int chunk = 0; chunk < Chunks; chunk++) sum += p[(chunk * size) + (d * m) + f];
                    c[(f * depth) + d] = sum;
                }
            }
        }
    }

    private struct Job
    {
        public ImageWindows Windows;
        public float* X;
        public ConvGeometry Geometry;
        public int N, Parts;
        public float* B, C, Bias;
        public bool Relu;
    }

    private static void ForwardPart(int index, void* state)
    {
        var job = (Job*)state;
        int rows = job->Geometry.Rows;
        ForwardRows(job, (int)((long)rows * index / job->Parts), (int)((long)rows * (index + 1) / job->Parts));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRows(Job* job, int first, int end)
    {
        int depth = job->Geometry.Depth, n = job->N;
        float* w = stackalloc float[MaxDepth];
        int* offsets = stackalloc int[MaxDepth];
        Offsets(job->Geometry, offsets);
        for (int r = first; r < end; r++)
        {
            Gather(job, offsets, r, w);
            float* y = job->C + ((long)r * n);
            int f = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; f + 16 <= n; f += 16)
                {
                    Vector512<float> sum = job->Bias is null ? Vector512<float>.Zero : Vector512.Load(job->Bias + f);
                    for (int d = 0; d < depth; d++) sum = Vector512.FusedMultiplyAdd(Vector512.Create(w[d]), Vector512.Load(job->B + ((d * n) + f)), sum);
                    if (job->Relu) sum = Vector512.Max(sum, Vector512<float>.Zero);
                    sum.Store(y + f);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; f + 8 <= n; f += 8)
                {
                    Vector256<float> sum = job->Bias is null ? Vector256<float>.Zero : Vector256.Load(job->Bias + f);
                    for (int d = 0; d < depth; d++) sum = Vector256.FusedMultiplyAdd(Vector256.Create(w[d]), Vector256.Load(job->B + ((d * n) + f)), sum);
                    if (job->Relu) sum = Vector256.Max(sum, Vector256<float>.Zero);
                    sum.Store(y + f);
                }
            }
            for (; f < n; f++)
            {
                float sum = job->Bias is null ? 0f : job->Bias[f];
                for (int d = 0; d < depth; d++) sum = MathF.FusedMultiplyAdd(w[d], job->B[(d * n) + f], sum);
                y[f] = job->Relu ? MathF.Max(sum, 0f) : sum;
            }
        }
    }

    /// <summary>A thread's share of the chunks (the chunks, not the threads, decide the sums).</summary>
    private static void GradientPart(int index, void* state)
    {
        var job = (Job*)state;
        for (int chunk = Chunks * index / job->Parts; chunk < Chunks * (index + 1) / job->Parts; chunk++) GradientChunk(chunk, job);
    }

    /// <summary>One chunk of positions: partial[d, f] = Σ windows[p, d] · a[p, f], in the chunk's own (depth × m) block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradientChunk(int chunk, Job* job)
    {
        ConvGeometry g = job->Geometry;
        int depth = g.Depth, m = job->N;
        float* partial = job->C + ((long)chunk * depth * m);
        new Span<float>(partial, depth * m).Clear();
        float* w = stackalloc float[MaxDepth];
        int* offsets = stackalloc int[MaxDepth];
        Offsets(g, offsets);
        int first = (int)((long)g.Rows * chunk / Chunks), end = (int)((long)g.Rows * (chunk + 1) / Chunks);
        for (int r = first; r < end; r++)
        {
            Gather(job, offsets, r, w);
            float* a = job->B + ((long)r * m);
            for (int d = 0; d < depth; d++)
            {
                float* into = partial + (d * m);
                int f = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; f + 16 <= m; f += 16) Vector512.FusedMultiplyAdd(Vector512.Load(a + f), Vector512.Create(w[d]), Vector512.Load(into + f)).Store(into + f);
                }
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; f + 8 <= m; f += 8) Vector256.FusedMultiplyAdd(Vector256.Load(a + f), Vector256.Create(w[d]), Vector256.Load(into + f)).Store(into + f);
                }
                for (; f < m; f++) into[f] = MathF.FusedMultiplyAdd(a[f], w[d], into[f]);
            }
        }
    }

    /// <summary>Each window value's offset from its window's first pixel (channel 0), in the window's (height, width, channel) order.</summary>
    private static void Offsets(in ConvGeometry g, int* offsets)
    {
        int d = 0;
        for (int i = 0; i < g.KernelHeight; i++)
        {
            for (int j = 0; j < g.KernelWidth; j++)
            {
                for (int c = 0; c < g.Channels; c++) offsets[d++] = ((((i * g.DilationH) * g.Width) + (j * g.DilationW)) * g.Channels) + c;
            }
        }
    }

    /// <summary>Row r's window values: read through the offsets when the window lies inside the image, else with its padding's zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(Job* job, int* offsets, int r, float* w)
    {
        ref readonly ConvGeometry g = ref job->Geometry;
        int positions = g.OutHeight * g.OutWidth;
        (int n, int at) = Math.DivRem(r, positions);
        (int oh, int ow) = Math.DivRem(at, g.OutWidth);
        int top = (oh * g.StrideH) - g.PadTop, left = (ow * g.StrideW) - g.PadLeft;
        if (top < 0 || left < 0 || top + ((g.KernelHeight - 1) * g.DilationH) >= g.Height || left + ((g.KernelWidth - 1) * g.DilationW) >= g.Width)
        {
            job->Windows.PackRows(r, 1, 0, g.Depth, w, g.Depth);
            return;
        }
        float* corner = job->X + ((((((long)n * g.Height) + top) * g.Width) + left) * g.Channels);
        for (int d = 0; d < g.Depth; d++) w[d] = corner[offsets[d]];
    }
}
