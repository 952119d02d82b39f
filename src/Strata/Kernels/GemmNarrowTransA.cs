using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// Narrow products (n ≤ 16) with a transposed A on AVX-512 — the weight gradient of a small layer,
/// Xᵀ·dY. A transposed A stores each column of op(A) contiguously, so vectors run along m:
/// C[i..i+16, j] += A[p, i..i+16] · B[p, j], every lane busy, A read in place. A tile's accumulators hold
/// columns of C, turned into rows by a register transpose when stored.
/// </summary>
internal static unsafe class GemmNarrowTransA
{
    /// <summary>Rows of C per tile: 3 vectors of 16, by up to 8 columns = 24 accumulators.</summary>
    public const int RowUnit = 48;

    private const int MaxCols = 8;

    /// <summary>Whether the shape suits this path; it depends on the shape alone, never on threads.</summary>
    public static bool Applies(in GemmProblem g) =>
        Avx512F.IsSupported && g.TransA && g.N <= GemmNarrow.MaxN && g.M >= 16
        && (!g.TransB || (long)g.K * 16 <= GemmPacking.KcMax * GemmPacking.NcMax);

    /// <summary>Computes rows [m0, m1) of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g, int m0, int m1)
    {
        float* bp = g.B;
        nint ldbp = g.Ldb;
        if (g.TransB)
        {
            // B is stored n×k: transpose it to k rows of 16 so the n values of one step of k are adjacent.
            bp = (float*)GemmPacking.Buffers().B;
            ldbp = 16;
            for (int p = 0; p < g.K; p += 16) GemmTranspose.Block(g.B + p, g.Ldb, g.N, Math.Min(16, g.K - p), bp + p * 16, 16);
        }

        int groups = (g.N + MaxCols - 1) / MaxCols;
        for (int i = m0; i < m1; i += RowUnit)
        {
            int rows = Math.Min(RowUnit, m1 - i);
            for (int q = 0, j = 0; q < groups; q++)
            {
                int cols = g.N / groups + (q < g.N % groups ? 1 : 0);
                Tile(rows, cols, g.K, g.A + i, g.Lda, bp + j, ldbp, g.C + i * g.Ldc + j, g.Ldc, g.Accumulate);
                j += cols;
            }
        }
    }

    private static void Tile(int rows, int cols, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        switch ((rows + 15) / 16)
        {
            case 3: Tile<GemmRows3>(rows, cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<GemmRows2>(rows, cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: Tile<GemmRows1>(rows, cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    private static void Tile<TV>(int rows, int cols, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TV : IGemmRows
    {
        switch (cols)
        {
            case 8: Tile<TV, GemmRows8>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 7: Tile<TV, GemmRows7>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 6: Tile<TV, GemmRows6>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 5: Tile<TV, GemmRows5>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 4: Tile<TV, GemmRows4>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 3: Tile<TV, GemmRows3>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<TV, GemmRows2>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: Tile<TV, GemmRows1>(rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    /// <summary>
    /// TV vectors of rows × TC columns. Step p reads row p of A's storage (a + p*lda, the last vector masked
    /// to the rows that exist) and the TC values of row p of op(B) (b + p*ldb).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TV, TC>(int rows, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TV : IGemmRows
        where TC : IGemmRows
    {
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default, s05 = default, s06 = default, s07 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default, s16 = default, s17 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default, s24 = default, s25 = default, s26 = default, s27 = default;
        Vector512<float> last = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rows - 16 * (TV.Count - 1))).AsSingle();
        for (int p = 0; p < k; p++, a += lda, b += ldb)
        {
            Vector512<float> x0, x1 = default, x2 = default, y;
            x0 = TV.Count == 1 ? Avx512F.MaskLoad(a, last, default) : Vector512.Load(a);
            if (TV.Count > 1) x1 = TV.Count == 2 ? Avx512F.MaskLoad(a + 16, last, default) : Vector512.Load(a + 16);
            if (TV.Count > 2) x2 = Avx512F.MaskLoad(a + 32, last, default);
            y = Vector512.Create(b[0]); Fma3<TV>(x0, x1, x2, y, ref s00, ref s10, ref s20);
            if (TC.Count > 1) { y = Vector512.Create(b[1]); Fma3<TV>(x0, x1, x2, y, ref s01, ref s11, ref s21); }
            if (TC.Count > 2) { y = Vector512.Create(b[2]); Fma3<TV>(x0, x1, x2, y, ref s02, ref s12, ref s22); }
            if (TC.Count > 3) { y = Vector512.Create(b[3]); Fma3<TV>(x0, x1, x2, y, ref s03, ref s13, ref s23); }
            if (TC.Count > 4) { y = Vector512.Create(b[4]); Fma3<TV>(x0, x1, x2, y, ref s04, ref s14, ref s24); }
            if (TC.Count > 5) { y = Vector512.Create(b[5]); Fma3<TV>(x0, x1, x2, y, ref s05, ref s15, ref s25); }
            if (TC.Count > 6) { y = Vector512.Create(b[6]); Fma3<TV>(x0, x1, x2, y, ref s06, ref s16, ref s26); }
            if (TC.Count > 7) { y = Vector512.Create(b[7]); Fma3<TV>(x0, x1, x2, y, ref s07, ref s17, ref s27); }
        }

        StoreColumns<TC>(c, ldc, Math.Min(16, rows), accumulate, s00, s01, s02, s03, s04, s05, s06, s07);
        if (TV.Count > 1) StoreColumns<TC>(c + 16 * ldc, ldc, Math.Min(16, rows - 16), accumulate, s10, s11, s12, s13, s14, s15, s16, s17);
        if (TV.Count > 2) StoreColumns<TC>(c + 32 * ldc, ldc, rows - 32, accumulate, s20, s21, s22, s23, s24, s25, s26, s27);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma3<TV>(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> y,
        ref Vector512<float> r0, ref Vector512<float> r1, ref Vector512<float> r2)
        where TV : IGemmRows
    {
        r0 = Avx512F.FusedMultiplyAdd(x0, y, r0);
        if (TV.Count > 1) r1 = Avx512F.FusedMultiplyAdd(x1, y, r1);
        if (TV.Count > 2) r2 = Avx512F.FusedMultiplyAdd(x2, y, r2);
    }

    /// <summary>Writes TC column vectors (16 rows each) as the first `rows` rows of a rows × TC block of C.</summary>
    private static void StoreColumns<TC>(float* c, nint ldc, int rows, bool accumulate, Vector512<float> v0, Vector512<float> v1,
        Vector512<float> v2, Vector512<float> v3, Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
        where TC : IGemmRows
    {
        Vector512<float>* r = stackalloc Vector512<float>[16];
        r[0] = v0; r[1] = v1; r[2] = v2; r[3] = v3; r[4] = v4; r[5] = v5; r[6] = v6; r[7] = v7;
        for (int j = 8; j < 16; j++) r[j] = default;
        GemmTranspose.InPlace(r);
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(TC.Count)).AsSingle();
        for (int l = 0; l < rows; l++, c += ldc)
        {
            Vector512<float> row = r[l];
            if (accumulate) row += Avx512F.MaskLoad(c, mask, default);
            Avx512F.MaskStore(c, mask, row);
        }
    }
}
