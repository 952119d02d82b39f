using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// Narrow products (n ≤ 16, e.g. a layer with 10 outputs) on AVX-512. The blocked path vectorizes along n,
/// so n = 10 would fill 10 of 32 lanes; here each C element is a dot product vectorized along k instead:
/// C[i, j] = Σ A[i, :] · Bᵀ[j, :], all lanes busy, with A read in place (no packing) and Bᵀ either read
/// in place (transB) or transposed once into a small buffer. Used only when A is not transposed.
/// </summary>
internal static unsafe class GemmNarrow
{
    public const int MaxN = 16;

    /// <summary>Rows of C per tile: 3 rows × up to 8 columns = 24 accumulators.</summary>
    private const int Rows = 3;

    private const int MaxCols = 8;

    /// <summary>Whether the shape suits this path; it depends on the shape alone, never on threads.</summary>
    public static bool Applies(in GemmProblem g) =>
        Avx512F.IsSupported && !g.TransA && g.N <= MaxN && g.K >= 32
        && (g.TransB || (long)g.N * ((g.K + 15) & ~15) <= GemmPacking.BufferFloats);

    public static int RowUnit => Rows;

    /// <summary>Computes rows [m0, m1) of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g, int m0, int m1)
    {
        float* bt = g.B;
        nint ldbt = g.Ldb;
        if (!g.TransB)
        {
            // B is k×n: transpose it into n rows of k (padded to 16) so each column of op(B) is contiguous.
            ldbt = (g.K + 15) & ~15;
            bt = (float*)GemmPacking.Buffers((long)g.N * ldbt).B;
            for (int p = 0; p < g.K; p += 16) GemmTranspose.Block(g.B + p * g.Ldb, g.Ldb, Math.Min(16, g.K - p), g.N, bt + p, ldbt);
        }

        // Columns go in groups of at most 8, balanced (n = 10 is 5 + 5, not 8 + 2).
        int groups = (g.N + MaxCols - 1) / MaxCols;
        for (int i = m0; i < m1; i += Rows)
        {
            int rows = Math.Min(Rows, m1 - i);
            for (int q = 0, j = 0; q < groups; q++)
            {
                int cols = g.N / groups + (q < g.N % groups ? 1 : 0);
                Tile(rows, cols, g.K, g.A + i * g.Lda, g.Lda, bt + j * ldbt, ldbt, g.C + i * g.Ldc + j, g.Ldc, g.Accumulate);
                j += cols;
            }
        }
    }

    private static void Tile(int rows, int cols, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        switch (rows)
        {
            case 3: Tile<GemmRows3>(cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<GemmRows2>(cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: Tile<GemmRows1>(cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    private static void Tile<TR>(int cols, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TR : IGemmRows
    {
        switch (cols)
        {
            case 8: Tile<TR, GemmRows8>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 7: Tile<TR, GemmRows7>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 6: Tile<TR, GemmRows6>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 5: Tile<TR, GemmRows5>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 4: Tile<TR, GemmRows4>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 3: Tile<TR, GemmRows3>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<TR, GemmRows2>(k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: Tile<TR, GemmRows1>(k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    /// <summary>
    /// TR rows × TC columns of dot products, 16 steps of k per iteration; a ragged end of k is read with a
    /// mask (masked-off lanes load zero and never fault). Row r of A is at a + r*lda, column j of op(B) at b + j*ldb.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR, TC>(int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TR : IGemmRows
        where TC : IGemmRows
    {
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default, s05 = default, s06 = default, s07 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default, s16 = default, s17 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default, s24 = default, s25 = default, s26 = default, s27 = default;
        float* a1 = a + lda, a2 = a + 2 * lda;
        float* b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb, b4 = b + 4 * ldb, b5 = b + 5 * ldb, b6 = b + 6 * ldb, b7 = b + 7 * ldb;
        int p = 0;
        Vector512<float> mask = Vector512<float>.AllBitsSet;
        while (p < k)
        {
            Vector512<float> x0, x1 = default, x2 = default, y;
            if (p + 16 <= k)
            {
                x0 = Vector512.Load(a + p);
                if (TR.Count > 1) x1 = Vector512.Load(a1 + p);
                if (TR.Count > 2) x2 = Vector512.Load(a2 + p);
            }
            else
            {
                mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(k - p)).AsSingle();
                x0 = Avx512F.MaskLoad(a + p, mask, default);
                if (TR.Count > 1) x1 = Avx512F.MaskLoad(a1 + p, mask, default);
                if (TR.Count > 2) x2 = Avx512F.MaskLoad(a2 + p, mask, default);
            }

            // Only A's tail lanes need zeroing: they multiply whatever B's masked load gives (also zero).
            y = Avx512F.MaskLoad(b + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s00, ref s10, ref s20);
            if (TC.Count > 1) { y = Avx512F.MaskLoad(b1 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s01, ref s11, ref s21); }
            if (TC.Count > 2) { y = Avx512F.MaskLoad(b2 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s02, ref s12, ref s22); }
            if (TC.Count > 3) { y = Avx512F.MaskLoad(b3 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s03, ref s13, ref s23); }
            if (TC.Count > 4) { y = Avx512F.MaskLoad(b4 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s04, ref s14, ref s24); }
            if (TC.Count > 5) { y = Avx512F.MaskLoad(b5 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s05, ref s15, ref s25); }
            if (TC.Count > 6) { y = Avx512F.MaskLoad(b6 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s06, ref s16, ref s26); }
            if (TC.Count > 7) { y = Avx512F.MaskLoad(b7 + p, mask, default); Fma3<TR>(x0, x1, x2, y, ref s07, ref s17, ref s27); }
            p += 16;
        }

        StoreRow<TC>(c, accumulate, s00, s01, s02, s03, s04, s05, s06, s07);
        if (TR.Count > 1) StoreRow<TC>(c + ldc, accumulate, s10, s11, s12, s13, s14, s15, s16, s17);
        if (TR.Count > 2) StoreRow<TC>(c + 2 * ldc, accumulate, s20, s21, s22, s23, s24, s25, s26, s27);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma3<TR>(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> y,
        ref Vector512<float> r0, ref Vector512<float> r1, ref Vector512<float> r2)
        where TR : IGemmRows
    {
        r0 = Avx512F.FusedMultiplyAdd(x0, y, r0);
        if (TR.Count > 1) r1 = Avx512F.FusedMultiplyAdd(x1, y, r1);
        if (TR.Count > 2) r2 = Avx512F.FusedMultiplyAdd(x2, y, r2);
    }

    /// <summary>Adds (or stores) the TC sums of v0..v7 to c[0..TC).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TC>(float* c, bool accumulate, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2,
        Vector512<float> v3, Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
        where TC : IGemmRows
    {
        Vector256<float> sums = Sum8(v0, v1, v2, v3, v4, v5, v6, v7);
        if (TC.Count == 8)
        {
            if (accumulate) sums += Vector256.Load(c);
            sums.Store(c);
        }
        else
        {
            Vector256<float> mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(TC.Count)).AsSingle();
            if (accumulate) sums += Avx.MaskLoad(c, mask);
            Avx.MaskStore(c, mask, sums);
        }
    }

    /// <summary>
    /// The horizontal sums of eight vectors as one vector (lane j = Σ vj), by a transposing tree: each level
    /// adds two shuffles of a pair, halving the lanes per sum while packing two sums' lanes into one vector.
    /// About 3 instructions per sum, against ~25 for eight separate Vector512.Sum calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sum8(Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7)
    {
        // 16 lanes -> 8: quarters [Q0+Q2, Q1+Q3] of each vector, two vectors per result.
        Vector512<float> w01 = Avx512F.Shuffle4x128(v0, v1, 0x44) + Avx512F.Shuffle4x128(v0, v1, 0xEE);
        Vector512<float> w23 = Avx512F.Shuffle4x128(v2, v3, 0x44) + Avx512F.Shuffle4x128(v2, v3, 0xEE);
        Vector512<float> w45 = Avx512F.Shuffle4x128(v4, v5, 0x44) + Avx512F.Shuffle4x128(v4, v5, 0xEE);
        Vector512<float> w67 = Avx512F.Shuffle4x128(v6, v7, 0x44) + Avx512F.Shuffle4x128(v6, v7, 0xEE);

        // 8 lanes -> 4: quarter i of x0123 holds four partial sums of vi (and of v4+i in x4567).
        Vector512<float> x0123 = Avx512F.Shuffle4x128(w01, w23, 0x88) + Avx512F.Shuffle4x128(w01, w23, 0xDD);
        Vector512<float> x4567 = Avx512F.Shuffle4x128(w45, w67, 0x88) + Avx512F.Shuffle4x128(w45, w67, 0xDD);

        // 4 lanes -> 2 -> 1, within each quarter: quarter i ends as [Σvi, Σv4+i, Σvi, Σv4+i].
        Vector512<float> z = Avx512F.Shuffle(x0123, x4567, 0x44) + Avx512F.Shuffle(x0123, x4567, 0xEE);
        Vector512<float> r = Avx512F.Shuffle(z, z, 0x88) + Avx512F.Shuffle(z, z, 0xDD);
        return Avx512F.PermuteVar16x32(r, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 0, 0, 0, 0, 0, 0, 0, 0)).GetLower();
    }
}

/// <summary>
/// Narrow products (n ≤ 16) with a transposed A on AVX-512 — the weight gradient of a small layer,
/// Xᵀ·dY. A transposed A stores each column of op(A) contiguously, so vectors run along m:
/// C[i..i+16, j] += A[p, i..i+16] · B[p, j], every lane busy, A read in place. A tile's accumulators hold
/// columns of C, turned into rows by a register transpose when stored.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmNarrowTransA
{
    /// <summary>Rows of C per tile: 3 vectors of 16, by up to 8 columns = 24 accumulators.</summary>
    private const int TileRows = 48;

    /// <summary>Threads split m at multiples of one vector, finer than a tile, for balance (m = 128 is 64 + 64).</summary>
    public const int RowUnit = 16;

    private const int MaxCols = 8;

    /// <summary>Whether the shape suits this path; it depends on the shape alone, never on threads.</summary>
    public static bool Applies(in GemmProblem g) =>
        Avx512F.IsSupported && g.TransA && g.N <= GemmNarrow.MaxN && g.M >= 16
        && (!g.TransB || (long)((g.K + 15) & ~15) * 16 <= GemmPacking.BufferFloats);

    /// <summary>Computes rows [m0, m1) of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem g, int m0, int m1)
    {
        float* bp = g.B;
        nint ldbp = g.Ldb;
        if (g.TransB)
        {
            // B is stored n×k: transpose it to k rows of 16 so the n values of one step of k are adjacent.
            bp = (float*)GemmPacking.Buffers((long)((g.K + 15) & ~15) * 16).B;
            ldbp = 16;
            for (int p = 0; p < g.K; p += 16) GemmTranspose.Block(g.B + p, g.Ldb, g.N, Math.Min(16, g.K - p), bp + p * 16, 16);
        }

        int groups = (g.N + MaxCols - 1) / MaxCols;

        // Where tiles park their accumulators for the transposing store. Allocated here, not in the tile
        // kernels: a stackalloc there makes the JIT spill the accumulators on every step of the loop.
        float* scratch = stackalloc float[TileRows * 16 + 16];
        scratch = (float*)(((nint)scratch + 63) & ~(nint)63);
        for (int i = m0; i < m1; i += TileRows)
        {
            int rows = Math.Min(TileRows, m1 - i);
            for (int q = 0, j = 0; q < groups; q++)
            {
                int cols = g.N / groups + (q < g.N % groups ? 1 : 0);
                Tile(scratch, rows, cols, g.K, g.A + i, g.Lda, bp + j, ldbp, g.C + i * g.Ldc + j, g.Ldc, g.Accumulate);
                j += cols;
            }
        }
    }

    private static void Tile(float* scratch, int rows, int cols, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        switch ((rows + 15) / 16)
        {
            case 3: Tile<GemmRows3>(scratch, rows, cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<GemmRows2>(scratch, rows, cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: Tile<GemmRows1>(scratch, rows, cols, k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    private static void Tile<TV>(float* scratch, int rows, int cols, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TV : IGemmRows
    {
        switch (cols)
        {
            case 8: Tile<TV, GemmRows8>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 7: Tile<TV, GemmRows7>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 6: Tile<TV, GemmRows6>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 5: Tile<TV, GemmRows5>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 4: Tile<TV, GemmRows4>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 3: Tile<TV, GemmRows3>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<TV, GemmRows2>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
            default: Tile<TV, GemmRows1>(scratch, rows, k, a, lda, b, ldb, c, ldc, accumulate); break;
        }
    }

    /// <summary>
    /// TV vectors of rows × TC columns. Step p reads row p of A's storage (a + p*lda, the last vector masked
    /// to the rows that exist) and the TC values of row p of op(B) (b + p*ldb).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TV, TC>(float* scratch, int rows, int k, float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
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

        // Park every accumulator before calling out, so none is live across a call (which the JIT handles
        // by spilling it, possibly inside the loop).
        Vector512<float>* r = (Vector512<float>*)scratch;
        r[0] = s00; r[1] = s01; r[2] = s02; r[3] = s03; r[4] = s04; r[5] = s05; r[6] = s06; r[7] = s07;
        r[16] = s10; r[17] = s11; r[18] = s12; r[19] = s13; r[20] = s14; r[21] = s15; r[22] = s16; r[23] = s17;
        r[32] = s20; r[33] = s21; r[34] = s22; r[35] = s23; r[36] = s24; r[37] = s25; r[38] = s26; r[39] = s27;
        for (int v = 0; v < TV.Count; v++) StoreColumns(r + 16 * v, TC.Count, c + 16 * v * ldc, ldc, Math.Min(16, rows - 16 * v), accumulate);
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

    /// <summary>Writes the column vectors r[0..cols) (16 rows each) as the first `rows` rows of a rows × cols block of C.</summary>
    private static void StoreColumns(Vector512<float>* r, int cols, float* c, nint ldc, int rows, bool accumulate)
    {
        for (int j = 8; j < 16; j++) r[j] = default;
        GemmTranspose.InPlace(r);
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(cols)).AsSingle();
        for (int l = 0; l < rows; l++, c += ldc)
        {
            Vector512<float> row = r[l];
            if (accumulate) row += Avx512F.MaskLoad(c, mask, default);
            Avx512F.MaskStore(c, mask, row);
        }
    }
}
