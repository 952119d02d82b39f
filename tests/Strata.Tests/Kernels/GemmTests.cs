using Strata.Kernels;

namespace Strata.Tests.Kernels;

public unsafe class GemmTests
{
    private static readonly int[] Sizes = [1, 3, 17, 129, 1000];

    /// <summary>Unit roundoff of float32, 2⁻²⁴.</summary>
    private const double Unit = 1.0 / (1 << 24);

    /// <summary>Every (m, n, k) from Sizes, all four transpositions, leaving out the largest products to keep the file fast.</summary>
    public static TheoryData<bool, bool, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (int m in Sizes)
                {
                    foreach (int n in Sizes)
                    {
                        foreach (int k in Sizes)
                        {
                            if ((long)m * n * k <= 2_500_000) data.Add(transA, transB, m, n, k);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesReference(bool transA, bool transB, int m, int n, int k)
    {
        // Vary accumulate and padding with the shape, so every combination meets both.
        bool accumulate = (m + n + k) % 4 == 1;
        int pad = (m + 2 * n + k) % 3 == 0 ? 0 : 5;
        Check(transA, transB, m, n, k, pad, accumulate, threads: 2, seed: m * 1_000_003 + n * 1009 + k);
    }

    /// <summary>The fused epilogue (bias row, then ReLU) gives exactly the separate passes, on every path and split.</summary>
    [Theory]
    [InlineData(false, false, 128, 512, 784, 2)] // blocked, split over threads
    [InlineData(false, false, 128, 512, 784, 1)]
    [InlineData(false, false, 300, 10, 64, 2)]   // narrow n
    [InlineData(true, false, 100, 10, 64, 2)]    // narrow, A transposed
    [InlineData(false, false, 1, 512, 784, 2)]   // a few rows, columns split
    [InlineData(false, true, 17, 33, 0, 1)]      // empty inner dimension: bias alone
    public void FusedBiasAndReluEqualTheSeparatePasses(bool transA, bool transB, int m, int n, int k, int threads)
    {
        float[] a = Values(m * k, 1), b = Values(k * n, 2), bias = Values(n + 3, 3);
        float[] fused = new float[m * n], separate = new float[m * n];
        Gemm.Multiply(transA, transB, m, n, k, a, 0, b, 0, fused, 0, accumulate: false, threads, bias, biasOffset: 3, relu: true);
        Gemm.Multiply(transA, transB, m, n, k, a, 0, b, 0, separate, 0, accumulate: false, threads);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++) separate[i * n + j] = MathF.Max(separate[i * n + j] + bias[3 + j], 0f);
        }
        Assert.Equal(separate, fused);
        Assert.Contains(fused, v => v == 0f);
        Assert.Contains(fused, v => v > 0f);
    }

    /// <summary>The few-rows path (m ≤ 32) on shapes big enough for two threads, with ragged column tails.</summary>
    [Theory]
    [InlineData(1, 512, 784, false)]
    [InlineData(2, 1003, 300, true)]
    [InlineData(4, 143, 600, false)]
    [InlineData(13, 77, 50, true)]
    [InlineData(32, 1000, 300, false)]
    public void FewRowsMatchReference(int m, int n, int k, bool accumulate) =>
        Check(false, false, m, n, k, pad: 3, accumulate, threads: 2, seed: m + n + k);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void LeadingDimensionsWiderThanOperands(bool transA, bool transB)
    {
        foreach (bool accumulate in new[] { false, true })
        {
            Check(transA, transB, 37, 45, 300, pad: 7, accumulate, threads: 1, seed: 1);
            Check(transA, transB, 130, 10, 64, pad: 3, accumulate, threads: 2, seed: 2); // narrow n
            Check(transA, transB, 5, 70, 33, pad: 16, accumulate, threads: 2, seed: 3);
        }
    }

    /// <summary>k past one cache block (1024): C is summed over several blocks, the later ones accumulating.</summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void InnerDimensionSpanningSeveralBlocks(bool transA, bool transB)
    {
        foreach (bool accumulate in new[] { false, true })
        {
            Check(transA, transB, 20, 40, 2100, pad: 1, accumulate, threads: 2, seed: 4);
            Check(transA, transB, 5, 70, 2100, pad: 0, accumulate, threads: 1, seed: 5); // one panel of rows
            Check(transA, transB, 30, 10, 2100, pad: 2, accumulate, threads: 2, seed: 6); // narrow n
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmptyInnerDimensionGivesZeroOrLeavesC(bool accumulate)
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply(false, false, 2, 3, 0, [], 0, [], 0, c, 0, accumulate, 2);
        Assert.Equal(accumulate ? [1f, 2, 3, 4, 5, 6] : new float[6], c);
    }

    [Fact]
    public void EmptyOutputIsANoOp()
    {
        float[] a = [1, 2, 3], c = [7];
        Gemm.Multiply(false, false, 0, 5, 3, [], 0, new float[15], 0, [], 0, false, 1);
        Gemm.Multiply(false, false, 1, 0, 3, a, 0, [], 0, [], 0, false, 1);
        Gemm.Multiply(true, true, 0, 0, 0, [], 0, [], 0, c, 0, false, 1);
        Assert.Equal([7f], c);
    }

    [Fact]
    public void ArrayOverloadHonoursOffsets()
    {
        const int m = 20, n = 33, k = 50;
        float[] a = Values(3 + m * k, 1), b = Values(4 + k * n, 2), c = Values(5 + m * n, 3);
        float[] expected = Reference(false, false, m, n, k, a, 3, k, b, 4, n, c, 5, n, accumulate: true, out _);
        Gemm.Multiply(false, false, m, n, k, a, 3, b, 4, c, 5, accumulate: true, threads: 2);
        for (int i = 0; i < m * n; i++) Assert.Equal(expected[i], c[5 + i], 1e-4);
    }

    [Theory]
    [InlineData(false, false, 300, 517, 301)]
    [InlineData(true, true, 300, 517, 301)]
    [InlineData(false, true, 1000, 129, 600)]
    [InlineData(true, false, 64, 1000, 129)]
    [InlineData(false, false, 250, 10, 600)] // narrow n
    [InlineData(true, false, 250, 10, 600)]
    [InlineData(false, false, 1, 512, 784)] // a few rows: B streamed, columns split
    [InlineData(false, false, 4, 1003, 300)]
    [InlineData(false, false, 31, 777, 100)]
    public void ThreadCountDoesNotChangeAnyBit(bool transA, bool transB, int m, int n, int k)
    {
        float[] a = Values(m * k, 4), b = Values(k * n, 5);
        float[] one = Values(m * n, 6), two = (float[])one.Clone();
        Gemm.Multiply(transA, transB, m, n, k, a, 0, b, 0, one, 0, accumulate: true, threads: 1);
        Gemm.Multiply(transA, transB, m, n, k, a, 0, b, 0, two, 0, accumulate: true, threads: 2);
        Assert.Equal(one, two);
    }

    /// <summary>Each micro-kernel this CPU can run (not only the one Multiply picks), on ragged tiles.</summary>
    [Fact]
    public void EveryMicroKernelMatchesReference()
    {
        if (GemmKernel512.IsSupported) CheckKernel<GemmKernel512>();
        if (GemmKernel256.IsSupported) CheckKernel<GemmKernel256>();
        CheckKernel<GemmKernelPortable>();
    }

    [Fact]
    public void RejectsNegativeSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, -1, 2, 3, new float[6], 0, new float[6], 0, new float[6], 0, false, 1));
        Assert.Contains("Gemm", e.Message);
        Assert.Contains("m=-1", e.Message);
    }

    [Fact]
    public void RejectsShortLeadingDimensions()
    {
        float* p = stackalloc float[64];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 4, p, 3, p, 3, p, 3, false, 1));
        Assert.Contains("Gemm", e.Message);
        Assert.Contains("lda=3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(true, true, 2, 3, 4, p, 2, p, 3, p, 3, false, 1));
        Assert.Contains("ldb=3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 3, 4, p, 4, p, 3, p, 2, false, 1));
        Assert.Contains("ldc=2", e.Message);
    }

    [Fact]
    public void RejectsArraysTooShortForTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 4, 4, 4, new float[16], 1, new float[16], 0, new float[16], 0, false, 1));
        Assert.Contains("Gemm", e.Message);
        Assert.Contains("A needs 16", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 4, 4, 4, new float[16], 0, new float[16], 0, new float[15], 0, false, 1));
        Assert.Contains("C needs 16", e.Message);
    }

    [Fact]
    public void RejectsNullPointersAndZeroThreads()
    {
        float* p = stackalloc float[4];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 1, null, 1, p, 2, p, 2, false, 1));
        Assert.Contains("Gemm: A is null", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 1, p, 1, p, 2, p, 2, false, 0));
        Assert.Contains("threads=0", e.Message);
    }

    private static void CheckKernel<TK>()
        where TK : IGemmKernel
    {
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                foreach (var (m, n, k) in new[] { (1, 1, 1), (TK.MR + 1, TK.NR + 3, 300), (3 * TK.MR - 1, 2 * TK.NR - 1, 17) })
                {
                    float[] a = Values(m * k, 7), b = Values(k * n, 8), c = Values(m * n, 9);
                    float[] expected = Reference(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n, true, out double[] bound);
                    fixed (float* pa = a, pb = b, pc = c)
                    {
                        var g = new GemmProblem(transA, transB, m, n, k, pa, transA ? m : k, pb, transB ? k : n, pc, n, accumulate: true);
                        GemmBlocked.Run<TK>(in g, 0, m, 0, n);
                    }

                    for (int i = 0; i < m * n; i++)
                    {
                        if (!(Math.Abs(c[i] - expected[i]) <= bound[i])) Assert.Fail($"{typeof(TK).Name} {m}x{n}x{k} transA={transA} transB={transB}: element {i}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Runs Multiply on operands whose padding (past each leading dimension's logical width) is NaN, so any
    /// read of padding shows in the result, and checks C against a double-precision reference, and that C's
    /// padding is untouched.
    /// </summary>
    private static void Check(bool transA, bool transB, int m, int n, int k, int pad, bool accumulate, int threads, int seed)
    {
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = Padded(aRows, aCols, lda, seed), b = Padded(bRows, bCols, ldb, seed + 1), c = Padded(m, n, ldc, seed + 2);
        float[] expected = Reference(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, ldc, accumulate, out double[] bound);
        fixed (float* pa = a, pb = b, pc = c)
        {
            Gemm.Multiply(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, threads);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float got = c[i * ldc + j], want = expected[i * n + j];
                if (!(Math.Abs(got - want) <= bound[i * n + j]))
                {
                    Assert.Fail($"transA={transA} transB={transB} m={m} n={n} k={k} pad={pad} accumulate={accumulate}: C[{i},{j}] = {got}, expected {want}");
                }
            }

            for (int j = n; j < ldc; j++)
            {
                if (!float.IsNaN(c[i * ldc + j])) Assert.Fail($"C padding at [{i},{j}] was written");
            }
        }
    }

    /// <summary>
    /// op(A)·op(B) (+ C) in double precision, and for each element an error bound for float32 summation:
    /// 2·(k + 1)·u·Σ|terms| (u = 2⁻²⁴), the classic bound for a length-k dot product, doubled for safety.
    /// </summary>
    private static float[] Reference(bool transA, bool transB, int m, int n, int k, float[] a, int aOffset, int lda,
        float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc, bool accumulate, out double[] bound)
    {
        var result = new float[m * n];
        bound = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[cOffset + i * ldc + j] : 0, magnitude = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double y = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += x * y;
                    magnitude += Math.Abs(x * y);
                }

                result[i * n + j] = (float)sum;
                bound[i * n + j] = 2.0 * (k + 1) * Unit * magnitude + 1e-30;
            }
        }

        return result;
    }

    private static float[] Padded(int rows, int cols, int ld, int seed)
    {
        var random = new System.Random(seed);
        var data = new float[Math.Max(1, rows * ld)];
        for (int i = 0; i < data.Length; i++) data[i] = i % ld < cols ? random.NextSingle() * 2 - 1 : float.NaN;
        return data;
    }

    private static float[] Values(int count, int seed)
    {
        var random = new System.Random(seed);
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = random.NextSingle() * 2 - 1;
        return data;
    }
}
