using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// A few rows times a matrix (m ≤ 4, neither operand transposed), e.g. one sample through a Dense layer:
/// each row of B is read once per row of A, straight from where it lies, into 8 vector accumulators
/// per block of 128 columns. The blocked path would first pack all of B (1.6 MB for 784×512), which
/// costs far more than the 0.4 M multiply-adds of the product. Threads split the columns.
/// </summary>
internal static unsafe class GemmRowVector
{
    public const int MaxM = 4;

    /// <summary>Columns per thread share: one vector.</summary>
    public const int ColumnUnit = 16;

    private const int Block = 128;

    /// <summary>Whether the shape suits this path; it depends on the shape alone, never on threads.</summary>
    public static bool Applies(in GemmProblem g) => Avx512F.IsSupported && !g.TransA && !g.TransB && g.M <= MaxM && g.N >= ColumnUnit;

    /// <summary>Computes columns [n0, n1) of every row of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g, int n0, int n1)
    {
        for (int i = 0; i < g.M; i++)
        {
            float* a = g.A + (i * g.Lda), c = g.C + (i * g.Ldc);
            int j = n0;
            for (; j + Block <= n1; j += Block) Block8(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
            for (; j + ColumnUnit <= n1; j += ColumnUnit) Block1(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
            for (; j < n1; j++) Column(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
        }
    }

    private static void Block8(float* a, float* b, nint ldb, int k, float* c, bool accumulate)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < k; p++, b += ldb)
        {
            Vector512<float> ap = Vector512.Create(a[p]);
            c0 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b), c0);
            c1 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 16), c1);
            c2 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 32), c2);
            c3 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 48), c3);
            c4 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 64), c4);
            c5 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 80), c5);
            c6 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 96), c6);
            c7 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 112), c7);
        }
        Store(c, c0, accumulate);
        Store(c + 16, c1, accumulate);
        Store(c + 32, c2, accumulate);
        Store(c + 48, c3, accumulate);
        Store(c + 64, c4, accumulate);
        Store(c + 80, c5, accumulate);
        Store(c + 96, c6, accumulate);
        Store(c + 112, c7, accumulate);
    }

    private static void Block1(float* a, float* b, nint ldb, int k, float* c, bool accumulate)
    {
        Vector512<float> acc = default;
        for (int p = 0; p < k; p++, b += ldb) acc = Avx512F.FusedMultiplyAdd(Vector512.Create(a[p]), Avx512F.LoadVector512(b), acc);
        Store(c, acc, accumulate);
    }

    private static void Column(float* a, float* b, nint ldb, int k, float* c, bool accumulate)
    {
        float sum = 0f;
        for (int p = 0; p < k; p++, b += ldb) sum = MathF.FusedMultiplyAdd(a[p], *b, sum);
        *c = accumulate ? *c + sum : sum;
    }

    private static void Store(float* c, Vector512<float> value, bool accumulate) =>
        Avx512F.Store(c, accumulate ? Avx512F.Add(Avx512F.LoadVector512(c), value) : value);
}
