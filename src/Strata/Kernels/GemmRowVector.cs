using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// A few rows times a matrix (m ≤ 32, neither operand transposed), e.g. one sample or a Predict batch of 32
/// through a Dense layer: B is read straight from where it lies, a strip of columns at a time, by tiles of
/// 4 rows × 64 columns (16 vector accumulators), and single rows by blocks of 256 or 128 columns. The blocked path
/// would first pack all of B (1.6 MB for 784×512), which costs more than such a product itself; here a strip
/// of B (784×64 floats, 200 KB) stays in L2 while the row tiles pass over it. Threads split the columns.
/// </summary>
internal static unsafe class GemmRowVector
{
    public const int MaxM = 32;

    /// <summary>Columns per thread share: one vector.</summary>
    public const int ColumnUnit = 16;

    private const int Block = 128;

    /// <summary>Whether the shape suits this path; it depends on the shape alone, never on threads.</summary>
    public static bool Applies(in GemmProblem g) => Avx512F.IsSupported && !g.TransA && !g.TransB && g.M <= MaxM && g.N >= ColumnUnit;

    /// <summary>Computes columns [n0, n1) of every row of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g, int n0, int n1)
    {
        int fullRows = g.M / 4 * 4;
        int j0 = n0;
        for (; j0 + TileColumns <= n1; j0 += TileColumns)
        {
            for (int i = 0; i < fullRows; i += 4) Tile4(g.A + (i * g.Lda), g.Lda, g.B + j0, g.Ldb, g.K, g.C + (i * g.Ldc) + j0, g.Ldc, g.Accumulate);
        }
        if (fullRows > 0) RowsByVectors(g, 0, fullRows, j0, n1);
        RowsByVectors(g, fullRows, g.M, n0, n1);
    }

    private const int TileColumns = 64;

    /// <summary>Rows [i0, i1) over columns [n0, n1), one row at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsByVectors(in GemmProblem g, int i0, int i1, int n0, int n1)
    {
        for (int i = i0; i < i1; i++)
        {
            float* a = g.A + (i * g.Lda), c = g.C + (i * g.Ldc);
            int j = n0;
            for (; j + (2 * Block) <= n1; j += 2 * Block) Block16(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
            for (; j + Block <= n1; j += Block) Block8(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
            for (; j + ColumnUnit <= n1; j += ColumnUnit) Block1(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
            for (; j < n1; j++) Column(a, g.B + j, g.Ldb, g.K, c + j, g.Accumulate);
        }
    }

    /// <summary>4 rows × 64 columns: per step of k, 4 loads of B, 4 broadcasts of A, 16 multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4(float* a, nint lda, float* b, nint ldb, int k, float* c, nint ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        float* a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < k; p++, b += ldb)
        {
            Vector512<float> b0 = Avx512F.LoadVector512(b), b1 = Avx512F.LoadVector512(b + 16);
            Vector512<float> b2 = Avx512F.LoadVector512(b + 32), b3 = Avx512F.LoadVector512(b + 48);
            Vector512<float> x = Vector512.Create(a[p]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            c02 = Avx512F.FusedMultiplyAdd(x, b2, c02);
            c03 = Avx512F.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(a1[p]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            c12 = Avx512F.FusedMultiplyAdd(x, b2, c12);
            c13 = Avx512F.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(a2[p]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            c22 = Avx512F.FusedMultiplyAdd(x, b2, c22);
            c23 = Avx512F.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(a3[p]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            c32 = Avx512F.FusedMultiplyAdd(x, b2, c32);
            c33 = Avx512F.FusedMultiplyAdd(x, b3, c33);
        }
        StoreRow(c, c00, c01, c02, c03, accumulate);
        StoreRow(c + ldc, c10, c11, c12, c13, accumulate);
        StoreRow(c + (2 * ldc), c20, c21, c22, c23, accumulate);
        StoreRow(c + (3 * ldc), c30, c31, c32, c33, accumulate);
    }

    /// <summary>Four vectors, 64 columns, from <paramref name="c"/> on.</summary>
    private static void StoreRow(float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, bool accumulate)
    {
        Store(c, v0, accumulate);
        Store(c + 16, v1, accumulate);
        Store(c + 32, v2, accumulate);
        Store(c + 48, v3, accumulate);
    }

    /// <summary>256 columns of one row: 1 KB of each row of B per step of k, the longest run the 32 vector registers allow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16(float* a, float* b, nint ldb, int k, float* c, bool accumulate)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
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
            c8 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 128), c8);
            c9 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 144), c9);
            c10 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 160), c10);
            c11 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 176), c11);
            c12 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 192), c12);
            c13 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 208), c13);
            c14 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 224), c14);
            c15 = Avx512F.FusedMultiplyAdd(ap, Avx512F.LoadVector512(b + 240), c15);
        }
        StoreRow(c, c0, c1, c2, c3, accumulate);
        StoreRow(c + 64, c4, c5, c6, c7, accumulate);
        StoreRow(c + 128, c8, c9, c10, c11, accumulate);
        StoreRow(c + 192, c12, c13, c14, c15, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        StoreRow(c, c0, c1, c2, c3, accumulate);
        StoreRow(c + 64, c4, c5, c6, c7, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1(float* a, float* b, nint ldb, int k, float* c, bool accumulate)
    {
        Vector512<float> acc = default;
        for (int p = 0; p < k; p++, b += ldb) acc = Avx512F.FusedMultiplyAdd(Vector512.Create(a[p]), Avx512F.LoadVector512(b), acc);
        Store(c, acc, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column(float* a, float* b, nint ldb, int k, float* c, bool accumulate)
    {
        float sum = 0f;
        for (int p = 0; p < k; p++, b += ldb) sum = MathF.FusedMultiplyAdd(a[p], *b, sum);
        *c = accumulate ? *c + sum : sum;
    }

    private static void Store(float* c, Vector512<float> value, bool accumulate) =>
        Avx512F.Store(c, accumulate ? Avx512F.Add(Avx512F.LoadVector512(c), value) : value);
}
