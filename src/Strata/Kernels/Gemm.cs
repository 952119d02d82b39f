namespace Strata.Kernels;

/// <summary>
/// Single-precision matrix multiply, C = op(A)·op(B) (+ C), on row-major operands. The entry point for
/// every matrix product in Strata; it validates, picks a path for the shape and splits the work over threads.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>
    /// Below this many flops per thread another thread costs more than it saves (fork-join ~0.5 µs, and each
    /// thread packs its own copy of one operand). Measured: 2 threads lose below ~0.8 MFLOP, gain 1.3× at 1.2.
    /// </summary>
    private const long MinFlopsPerThread = 500_000;

    /// <summary>
    /// C[m×n] = op(A)[m×k] · op(B)[k×n] (+ C when accumulate, else C is overwritten). All row-major:
    /// op(A) = transA ? Aᵀ : A, where a transposed A is stored k×m with row stride lda, else m×k; the same
    /// for B (transposed: stored n×k). ldc is C's row stride. Results are bit-identical for any thread count.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate, int threads, GemmEpilogue epilogue = default)
    {
        Validate(transA, transB, m, n, k, lda, ldb, ldc, threads);
        if (m > 0 && k > 0 && a == null) throw new ArgumentException($"Gemm: A is null (m={m}, k={k}).", nameof(a));
        if (n > 0 && k > 0 && b == null) throw new ArgumentException($"Gemm: B is null (n={n}, k={k}).", nameof(b));
        if (m > 0 && n > 0 && c == null) throw new ArgumentException($"Gemm: C is null (m={m}, n={n}).", nameof(c));
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            // An empty sum: C = 0, or C unchanged when accumulating.
            if (!accumulate) for (int i = 0; i < m; i++) new Span<float>(c + (nint)i * ldc, n).Clear();
            epilogue.Apply(c, ldc, 0, m, 0, n);
            return;
        }

        var g = new GemmProblem(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, epilogue);
        if (GemmRowVector.Applies(g)) RunColumns(&g, threads);
        else if (GemmNarrow.Applies(g)) RunRows(&g, threads, GemmNarrow.RowUnit, &NarrowRows);
        else if (GemmNarrowTransA.Applies(g)) RunRows(&g, threads, GemmNarrowTransA.RowUnit, &NarrowTransARows);
        else if (GemmKernel512.IsSupported) Run<GemmKernel512>(&g, threads);
        else if (GemmKernel256.IsSupported) Run<GemmKernel256>(&g, threads);
        else Run<GemmKernelPortable>(&g, threads);
    }

    /// <summary>
    /// A convolution as one GEMM on the im2col matrix of <paramref name="x"/> without storing it (implicit GEMM):
    /// C[rows×n] = windows(x)·B, with B (window values × n) and C contiguous at the given offsets, and the
    /// optional bias and ReLU in the epilogue.
    /// </summary>
    public static void MultiplyWindows(ConvGeometry geometry, int n, float[] x, int xOffset, float[] b, int bOffset,
        float[] c, int cOffset, int threads, float[]? bias = null, int biasOffset = 0, bool relu = false)
    {
        int m = geometry.Rows, k = geometry.Depth;
        CheckWindows(geometry, x, xOffset);
        CheckExtent("B", b.Length, bOffset, (long)k * n);
        CheckExtent("C", c.Length, cOffset, (long)m * n);
        if (bias is not null) CheckExtent("bias", bias.Length, biasOffset, n);
        Validate(false, false, m, n, k, k, n, n, threads);
        fixed (float* px = x, pb = b, pc = c, pbias = bias)
        {
            var windows = new ImageWindows(geometry, px + xOffset);
            if (k <= SmallWindows.MaxDepth)
            {
                SmallWindows.Forward(px + xOffset, geometry, n, pb + bOffset, pc + cOffset, bias is null ? null : pbias + biasOffset, relu, threads);
                return;
            }
            var g = new GemmProblem(false, false, m, n, k, null, 0, pb + bOffset, n, pc + cOffset, n, accumulate: false,
                new GemmEpilogue(bias is null ? null : pbias + biasOffset, relu), &windows);
            RunBlocked(&g, threads);
        }
    }

    /// <summary>
    /// C[m×depth] = aᵀ·windows(x), aᵀ being (m × positions) with a stored (positions × m): the transpose of a
    /// convolution's kernel gradient windows(x)ᵀ·gy. The windows are the B operand here, packed once per block
    /// and swept by every panel of aᵀ.
    /// </summary>
    public static void MultiplyTransposedByWindows(ConvGeometry geometry, int m, float[] a, int aOffset, float[] x, int xOffset,
        float[] c, int cOffset, int threads)
    {
        int n = geometry.Depth, k = geometry.Rows;
        CheckWindows(geometry, x, xOffset);
        CheckExtent("A", a.Length, aOffset, (long)k * m);
        CheckExtent("C", c.Length, cOffset, (long)m * n);
        Validate(true, false, m, n, k, m, n, n, threads);
        fixed (float* pa = a, px = x, pc = c)
        {
            var windows = new ImageWindows(geometry, px + xOffset);
            if (n <= SmallWindows.MaxDepth)
            {
                SmallWindows.TransposedByWindows(px + xOffset, geometry, m, pa + aOffset, pc + cOffset, threads);
                return;
            }
            var g = new GemmProblem(true, false, m, n, k, pa + aOffset, m, null, n, pc + cOffset, n, accumulate: false,
                default, &windows, windowsAsB: true);
            RunBlocked(&g, threads);
        }
    }

    private static void CheckWindows(in ConvGeometry geometry, float[] x, int xOffset)
    {
        CheckExtent("x", x.Length, xOffset, (long)geometry.Batch * geometry.Height * geometry.Width * geometry.Channels);
        if (geometry.Rows == 0 || geometry.Depth == 0) throw new ArgumentException($"Gemm: an empty convolution ({geometry.Rows} positions, {geometry.Depth} window values).");
    }

    /// <summary>Only the blocked path packs its operands, so only it can read windows.</summary>
    private static void RunBlocked(GemmProblem* g, int threads)
    {
        if (GemmKernel512.IsSupported) Run<GemmKernel512>(g, threads);
        else if (GemmKernel256.IsSupported) Run<GemmKernel256>(g, threads);
        else Run<GemmKernelPortable>(g, threads);
    }

    /// <summary>
    /// The same on arrays holding contiguous operands at the given offsets (lda, ldb, ldc are the stored widths).
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, bool accumulate, int threads)
        => Multiply(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate, threads, bias: null, biasOffset: 0, relu: false);

    /// <summary>
    /// The same, then (fused, per thread's part) C += bias row (<paramref name="bias"/> from
    /// <paramref name="biasOffset"/>, n values) and C = max(C, 0) when <paramref name="relu"/>: a Dense layer's forward pass.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, bool accumulate, int threads,
        float[]? bias, int biasOffset, bool relu)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int lda = transA ? m : k, ldb = transB ? k : n;
        Validate(transA, transB, m, n, k, lda, ldb, n, threads);
        CheckExtent("A", a.Length, aOffset, (long)m * k);
        CheckExtent("B", b.Length, bOffset, (long)k * n);
        CheckExtent("C", c.Length, cOffset, (long)m * n);
        if (bias is not null) CheckExtent("bias", bias.Length, biasOffset, n);
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var epilogue = new GemmEpilogue(bias is null ? null : pbias + biasOffset, relu);
            Multiply(transA, transB, m, n, k, pa + aOffset, lda, pb + bOffset, ldb, pc + cOffset, n, accumulate, threads, epilogue);
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc, int threads)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Gemm: sizes must be non-negative (m={m}, n={n}, k={k}).");
        }

        // Leading dimensions are the stored row widths: A is k wide (m wide when transposed), B n wide (k when transposed).
        int aWidth = transA ? m : k, bWidth = transB ? k : n;
        if (lda < aWidth) throw new ArgumentException($"Gemm: lda={lda} is less than A's row width {aWidth} (m={m}, k={k}, transA={transA}).", nameof(lda));
        if (ldb < bWidth) throw new ArgumentException($"Gemm: ldb={ldb} is less than B's row width {bWidth} (k={k}, n={n}, transB={transB}).", nameof(ldb));
        if (ldc < n) throw new ArgumentException($"Gemm: ldc={ldc} is less than C's row width n={n}.", nameof(ldc));
        if (threads < 1) throw new ArgumentException($"Gemm: threads={threads} must be at least 1.", nameof(threads));
    }

    private static void CheckExtent(string name, int length, int offset, long needed)
    {
        if (offset < 0 || offset + needed > length)
        {
            throw new ArgumentException($"Gemm: {name} needs {needed} floats from offset {offset}, but its array has {length}.");
        }
    }

    /// <summary>Never more threads than cores (spinning workers would fight), and none for small work.</summary>
    private static int ThreadsFor(GemmProblem* g, int threads) => GemmWorkers.PartsFor(2L * g->M * g->N * g->K, MinFlopsPerThread, threads);

    /// <summary>Runs a path that computes whole rows of C, rows split over threads in units of `unit`.</summary>
    private static void RunRows(GemmProblem* g, int threads, int unit, delegate*<GemmProblem*, int, int, void> rows)
    {
        int t = ThreadsFor(g, threads);
        if (t <= 1)
        {
            rows(g, 0, g->M);
            g->Epilogue.Apply(g->C, g->Ldc, 0, g->M, 0, g->N);
            return;
        }

        var job = new GemmJob { Problem = g, Threads = t, Unit = unit, Rows = rows };
        GemmWorkers.Run(t, &PartRows, &job);
    }

    private static void PartRows(int index, void* state)
    {
        var job = (GemmJob*)state;
        (int begin, int end) = Share(job->Problem->M, job->Unit, index, job->Threads);
        if (begin >= end) return;
        job->Rows(job->Problem, begin, end);
        job->Problem->Epilogue.Apply(job->Problem->C, job->Problem->Ldc, begin, end, 0, job->Problem->N);
    }

    /// <summary>
    /// The few-rows path, columns split over threads. It streams B rather than computing, so a thread pays
    /// off by the size of B (each reads its share once), not by flops: 784×512 splits, 512×10 does not.
    /// </summary>
    private static void RunColumns(GemmProblem* g, int threads)
    {
        int t = GemmWorkers.PartsFor((long)g->K * g->N, MinBPerThread, threads);
        if (t <= 1)
        {
            GemmRowVector.Run(in *g, 0, g->N);
            g->Epilogue.Apply(g->C, g->Ldc, 0, g->M, 0, g->N);
            return;
        }
        var job = new GemmJob { Problem = g, Threads = t };
        GemmWorkers.Run(t, &PartColumns, &job);
    }

    /// <summary>B elements per thread below which the few-rows path runs on one thread.</summary>
    private const long MinBPerThread = 64 * 1024;

    private static void PartColumns(int index, void* state)
    {
        var job = (GemmJob*)state;
        (int begin, int end) = Share(job->Problem->N, GemmRowVector.ColumnUnit, index, job->Threads);
        if (begin >= end) return;
        GemmRowVector.Run(in *job->Problem, begin, end);
        job->Problem->Epilogue.Apply(job->Problem->C, job->Problem->Ldc, 0, job->Problem->M, begin, end);
    }

    private static void NarrowRows(GemmProblem* g, int m0, int m1) => GemmNarrow.Run(in *g, m0, m1);

    private static void NarrowTransARows(GemmProblem* g, int m0, int m1) => GemmNarrowTransA.Run(in *g, m0, m1);

    private static void Run<TK>(GemmProblem* g, int threads)
        where TK : IGemmKernel
    {
        int t = ThreadsFor(g, threads);
        if (t <= 1)
        {
            GemmBlocked.Run<TK>(in *g, 0, g->M, 0, g->N);
            g->Epilogue.Apply(g->C, g->Ldc, 0, g->M, 0, g->N);
            return;
        }

        var job = new GemmJob { Problem = g, Threads = t, SplitN = SplitN<TK>(g, t) };
        GemmWorkers.Run(t, &Part<TK>, &job);
    }

    /// <summary>
    /// Whether to cut C into t slabs along n rather than m: whichever gives the most even share of whole tiles.
    /// A convolution's windows are costly to pack (gathered from the image) and each thread packs all of the
    /// operand it does not cut, so there the packing counts too, per step of k: a tile's MR·NR FMAs at about
    /// 16 a cycle against two cycles a window value (a 7744 × 288 windows matrix against a 288 × 64 kernel:
    /// cut the windows, packed once). Plain products keep the tile count alone, which measured faster for the
    /// dense layers' shapes (a 784 × 512 × 128 kernel gradient cut along m took the MNIST epoch from 0.60 to 1.03 s).
    /// </summary>
    private static bool SplitN<TK>(GemmProblem* g, int t)
        where TK : IGemmKernel
    {
        int tilesM = (g->M + TK.MR - 1) / TK.MR, tilesN = (g->N + TK.NR - 1) / TK.NR;
        long tilesSplitN = (long)((tilesN + t - 1) / t) * tilesM, tilesSplitM = (long)((tilesM + t - 1) / t) * tilesN;
        if (g->Windows is null) return tilesSplitN <= tilesSplitM;
        double tile = TK.MR * TK.NR / 16.0;
        double packA = g->WindowsAsB ? 1 : 2, packB = g->WindowsAsB ? 2 : 1;
        double cutM = (tilesSplitM * tile) + (g->M * packA / t) + (g->N * packB);
        double cutN = (tilesSplitN * tile) + (g->M * packA) + (g->N * packB / t);
        return cutN <= cutM;
    }

    private static void Part<TK>(int index, void* state)
        where TK : IGemmKernel
    {
        var job = (GemmJob*)state;
        GemmProblem* g = job->Problem;
        (int begin, int end) = job->SplitN ? Share(g->N, TK.NR, index, job->Threads) : Share(g->M, TK.MR, index, job->Threads);
        if (begin >= end) return;
        if (job->SplitN)
        {
            GemmBlocked.Run<TK>(in *g, 0, g->M, begin, end);
            g->Epilogue.Apply(g->C, g->Ldc, 0, g->M, begin, end);
        }
        else
        {
            GemmBlocked.Run<TK>(in *g, begin, end, 0, g->N);
            g->Epilogue.Apply(g->C, g->Ldc, begin, end, 0, g->N);
        }
    }

    /// <summary>Part index of [0, extent) cut into count near-equal runs of whole units (tiles).</summary>
    private static (int Begin, int End) Share(int extent, int unit, int index, int count)
    {
        long units = ((long)extent + unit - 1) / unit;
        return ((int)Math.Min(extent, units * index / count * unit), (int)Math.Min(extent, units * (index + 1) / count * unit));
    }

    private struct GemmJob
    {
        public GemmProblem* Problem;
        public int Threads;
        public bool SplitN;
        public int Unit;
        public delegate*<GemmProblem*, int, int, void> Rows;
    }
}

/// <summary>One GEMM call's operands, with leading dimensions widened to nint for address arithmetic.</summary>
internal readonly unsafe struct GemmProblem(bool transA, bool transB, int m, int n, int k,
    float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, GemmEpilogue epilogue = default, ImageWindows* windows = null, bool windowsAsB = false)
{
    /// <summary>
    /// When set, A is this image batch's im2col matrix, read while packing; A and Lda are unused. With <see cref="WindowsAsB"/>, B is that matrix instead (k = positions, n = window values).
    /// </summary>
    public readonly ImageWindows* Windows = windows;

    public readonly bool WindowsAsB = windowsAsB;

    public readonly GemmEpilogue Epilogue = epilogue;
    public readonly bool TransA = transA, TransB = transB, Accumulate = accumulate;
    public readonly int M = m, N = n, K = k;
    public readonly float* A = a, B = b, C = c;
    public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;
}
