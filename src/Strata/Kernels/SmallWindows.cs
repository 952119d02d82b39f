using System.Numerics;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// The windows products of a convolution whose window holds few values (a first layer on grayscale images:
/// 3·3·1 = 9), computed directly: a GEMM with k = 9 spends its time packing panels and padding tiles,
/// while here a few positions' window values sit in a small buffer and the filters run along vector lanes
/// (<see cref="Vector{T}"/>: the widest the runtime is set to use), several positions or window values at
/// once so that each vector of the kernel or of the gradient is loaded once for several FMAs. The same sums
/// as the GEMM's, in the same order over the window (deterministic; the kernel gradient sums fixed chunks
/// of positions in order and then the chunks in order, whatever the threads).
/// </summary>
internal static unsafe class SmallWindows
{
    /// <summary>Windows up to this many values take the direct path.</summary>
    public const int MaxDepth = 16;

    /// <summary>Chunks of positions the kernel gradient sums separately (fixed, so the order never depends on threads).</summary>
    private const int Chunks = 8;

    /// <summary>Positions per thread below which a second thread costs more than it saves.</summary>
    private const int MinPositionsPerThread = 4096;

    /// <summary>Positions whose outputs the forward computes together (one accumulator each per vector of filters).</summary>
    private const int TileRows = 4;

    /// <summary>Positions the kernel gradient gathers at a time: their gradient rows stay in L1 while every window value sweeps them.</summary>
    private const int BlockRows = 64;

    /// <summary>Window values the kernel gradient accumulates together (the partial sums are kept for a multiple of this many).</summary>
    private const int DepthGroup = 4;

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
        int depth = g.Depth, size = PaddedDepth(depth) * m;
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

    /// <summary>The depth rounded up to whole groups; the values past the depth read as zeros.</summary>
    private static int PaddedDepth(int depth) => (depth + DepthGroup - 1) / DepthGroup * DepthGroup;

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
        int depth = job->Geometry.Depth, n = job->N, lanes = Vector<float>.Count;
        float* b = job->B, bias = job->Bias;
        bool relu = job->Relu;
        float* w = stackalloc float[TileRows * MaxDepth]; // the tile's windows, row r's value d at w[r·MaxDepth + d]
        int* offsets = stackalloc int[MaxDepth];
        Offsets(job->Geometry, offsets);
        var cursor = new Cursor(job->Geometry, first);
        for (int r0 = first; r0 < end; r0 += TileRows)
        {
            int rows = Math.Min(TileRows, end - r0);
            for (int r = 0; r < TileRows; r++)
            {
                if (r < rows) cursor.Next(job, offsets, w + (r * MaxDepth));
                else new Span<float>(w + (r * MaxDepth), depth).Clear();
            }
            float* y = job->C + ((long)r0 * n);
            int f = 0;
            for (; f + lanes <= n; f += lanes)
            {
                Vector<float> s0 = bias is null ? Vector<float>.Zero : Vector.Load(bias + f);
                Vector<float> s1 = s0, s2 = s0, s3 = s0;
                for (int d = 0; d < depth; d++)
                {
                    Vector<float> k = Vector.Load(b + (d * n) + f);
                    s0 = Vector.FusedMultiplyAdd(new Vector<float>(w[d]), k, s0);
                    s1 = Vector.FusedMultiplyAdd(new Vector<float>(w[MaxDepth + d]), k, s1);
                    s2 = Vector.FusedMultiplyAdd(new Vector<float>(w[(2 * MaxDepth) + d]), k, s2);
                    s3 = Vector.FusedMultiplyAdd(new Vector<float>(w[(3 * MaxDepth) + d]), k, s3);
                }
                if (relu) (s0, s1, s2, s3) = (Vector.Max(s0, Vector<float>.Zero), Vector.Max(s1, Vector<float>.Zero), Vector.Max(s2, Vector<float>.Zero), Vector.Max(s3, Vector<float>.Zero));
                s0.Store(y + f);
                if (rows > 1) s1.Store(y + n + f);
                if (rows > 2) s2.Store(y + (2 * n) + f);
                if (rows > 3) s3.Store(y + (3 * n) + f);
            }
            for (; f < n; f++)
            {
                for (int r = 0; r < rows; r++)
                {
                    float sum = bias is null ? 0f : bias[f];
                    for (int d = 0; d < depth; d++) sum = MathF.FusedMultiplyAdd(w[(r * MaxDepth) + d], b[(d * n) + f], sum);
                    y[(r * n) + f] = relu ? MathF.Max(sum, 0f) : sum;
                }
            }
        }
    }

    /// <summary>A thread's share of the chunks (the chunks, not the threads, decide the sums).</summary>
    private static void GradientPart(int index, void* state)
    {
        var job = (Job*)state;
        for (int chunk = Chunks * index / job->Parts; chunk < Chunks * (index + 1) / job->Parts; chunk++) GradientChunk(chunk, job);
    }

    /// <summary>
    /// One chunk of positions: partial[d, f] = Σ windows[p, d] · a[p, f] in the chunk's own (depth × m) block,
    /// a block of positions at a time, four window values' sums kept in registers while the block's rows of a
    /// stream past them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradientChunk(int chunk, Job* job)
    {
        ConvGeometry g = job->Geometry;
        int depth = PaddedDepth(g.Depth), m = job->N, lanes = Vector<float>.Count;
        float* partial = job->C + ((long)chunk * depth * m);
        new Span<float>(partial, depth * m).Clear();
        float* w = stackalloc float[BlockRows * MaxDepth]; // the block's windows, position r's value d at w[r·MaxDepth + d]
        new Span<float>(w, BlockRows * MaxDepth).Clear(); // the values past the depth stay zero
        int* offsets = stackalloc int[MaxDepth];
        Offsets(g, offsets);
        int first = (int)((long)g.Rows * chunk / Chunks), end = (int)((long)g.Rows * (chunk + 1) / Chunks);
        var cursor = new Cursor(g, first);
        for (int r0 = first; r0 < end; r0 += BlockRows)
        {
            int rows = Math.Min(BlockRows, end - r0);
            for (int r = 0; r < rows; r++) cursor.Next(job, offsets, w + (r * MaxDepth));
            float* a = job->B + ((long)r0 * m);
            for (int d = 0; d < depth; d += DepthGroup)
            {
                float* into = partial + (d * m);
                int f = 0;
                for (; f + lanes <= m; f += lanes)
                {
                    Vector<float> s0 = Vector.Load(into + f), s1 = Vector.Load(into + m + f), s2 = Vector.Load(into + (2 * m) + f), s3 = Vector.Load(into + (3 * m) + f);
                    for (int r = 0; r < rows; r++)
                    {
                        Vector<float> gradient = Vector.Load(a + (r * m) + f);
                        float* values = w + (r * MaxDepth) + d;
                        s0 = Vector.FusedMultiplyAdd(gradient, new Vector<float>(values[0]), s0);
                        s1 = Vector.FusedMultiplyAdd(gradient, new Vector<float>(values[1]), s1);
                        s2 = Vector.FusedMultiplyAdd(gradient, new Vector<float>(values[2]), s2);
                        s3 = Vector.FusedMultiplyAdd(gradient, new Vector<float>(values[3]), s3);
                    }
                    s0.Store(into + f);
                    s1.Store(into + m + f);
                    s2.Store(into + (2 * m) + f);
                    s3.Store(into + (3 * m) + f);
                }
                for (; f < m; f++)
                {
                    for (int q = 0; q < DepthGroup; q++)
                    {
                        float sum = into[(q * m) + f];
                        for (int r = 0; r < rows; r++) sum = MathF.FusedMultiplyAdd(a[(r * m) + f], w[(r * MaxDepth) + d + q], sum);
                        into[(q * m) + f] = sum;
                    }
                }
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

    /// <summary>
    /// Walks the output positions in order from a first one, keeping its image, row and column (no division per
    /// position), and reads each one's window values: through the offsets when the window lies inside the
    /// image, else with its padding's zeros.
    /// </summary>
    private struct Cursor
    {
        private int _row, _n, _oh, _ow;

        public Cursor(in ConvGeometry g, int row)
        {
            _row = row;
            (_n, int at) = Math.DivRem(row, g.OutHeight * g.OutWidth);
            (_oh, _ow) = Math.DivRem(at, g.OutWidth);
        }

        /// <summary>The current position's window values into w, then on to the next position.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Next(Job* job, int* offsets, float* w)
        {
            ref readonly ConvGeometry g = ref job->Geometry;
            int top = (_oh * g.StrideH) - g.PadTop, left = (_ow * g.StrideW) - g.PadLeft;
            if (top < 0 || left < 0 || top + ((g.KernelHeight - 1) * g.DilationH) >= g.Height || left + ((g.KernelWidth - 1) * g.DilationW) >= g.Width)
            {
                job->Windows.PackRows(_row, 1, 0, g.Depth, w, g.Depth);
            }
            else
            {
                float* corner = job->X + ((((((long)_n * g.Height) + top) * g.Width) + left) * g.Channels);
                int depth = g.Depth; // a computed property, read once: the stores to w could alias the job
                for (int d = 0; d < depth; d++) w[d] = corner[offsets[d]];
            }
            _row++;
            if (++_ow < g.OutWidth) return;
            _ow = 0;
            if (++_oh < g.OutHeight) return;
            _oh = 0;
            _n++;
        }
    }
}
