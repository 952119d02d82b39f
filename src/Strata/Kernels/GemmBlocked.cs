using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// The cache-blocked GEMM loop nest (GotoBLAS/BLIS style) over one rectangle of C, run by one thread.
/// A block of op(B) (kc × nc) is packed once and then read by every A micro-panel; each A micro-panel
/// (MR rows × kc) is packed once and swept across the whole block of B, tile by tile (MR × NR of C).
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmBlocked
{
    // AggressiveOptimization here and on the kernels: fully optimized from the first call, since a
    // tier-0 packing loop would make the first few dozen products several times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TK>(in GemmProblem g, int m0, int m1, int n0, int n1)
        where TK : IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int kBlocks = KBlocks(g.K), kcMax = KBlockSize(g.K, kBlocks, 0);

        // A single panel of rows uses each element of B once, so packing B would only double its traffic
        // (m = 1 is a vector-matrix product): read it in place, packing only a ragged right edge.
        bool bInPlace = !g.TransB && m1 - m0 <= mr && !g.WindowsAsB;
        int packedColumns = bInPlace ? nr : (Math.Min(GemmPacking.NcMax, n1 - n0) + nr - 1) / nr * nr;
        (IntPtr bufB, IntPtr bufA) = GemmPacking.Buffers((long)kcMax * packedColumns);
        float* bp = (float*)bufB, ap = (float*)bufA;
        float* edge = stackalloc float[mr * nr];

        for (int jc = n0; jc < n1; jc += GemmPacking.NcMax)
        {
            int nc = Math.Min(GemmPacking.NcMax, n1 - jc);
            for (int kb = 0, p0 = 0; kb < kBlocks; kb++)
            {
                // Blocks of k depend on k alone (never on threads or on the rectangle), so every element
                // of C is summed in the same order whoever computes it: results are bit-identical.
                int kc = KBlockSize(g.K, kBlocks, kb);
                bool accumulate = g.Accumulate || kb > 0;
                if (g.WindowsAsB) g.Windows->PackPanels(p0, kc, jc, nc, nr, bp);
                else if (!bInPlace) GemmPacking.PackB(g.TransB, g.B, g.Ldb, p0, kc, jc, nc, nr, bp);
                for (int ir = m0; ir < m1; ir += mr)
                {
                    int rows = Math.Min(mr, m1 - ir);
                    bool kMajor = g.Windows is null || g.WindowsAsB ? GemmPacking.PackA(g.TransA, g.A, g.Lda, ir, rows, p0, kc, mr, ap)
                        : GemmPacking.PackWindows(g.Windows, ir, rows, p0, kc, ap);
                    float* cRow = g.C + ir * g.Ldc + jc;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = nc - jr;
                        float* panel = bp + jr * kc;
                        if (bInPlace && cols >= nr)
                        {
                            TK.Tile(rows, kc, ap, kMajor, g.B + p0 * g.Ldb + jc + jr, g.Ldb, cRow + jr, g.Ldc, accumulate);
                        }
                        else if (cols >= nr)
                        {
                            TK.Tile(rows, kc, ap, kMajor, panel, nr, cRow + jr, g.Ldc, accumulate);
                        }
                        else
                        {
                            // Right edge: run the full-width kernel on a scratch tile, then copy the columns that exist.
                            if (bInPlace) GemmPacking.PackB(false, g.B, g.Ldb, p0, kc, jc + jr, cols, nr, panel = bp);
                            EdgeTile<TK>(rows, cols, kc, ap, kMajor, panel, cRow + jr, g.Ldc, accumulate, edge);
                        }
                    }
                }

                p0 += kc;
            }
        }
    }

    /// <summary>Number of blocks k is cut into: as few as fit KcMax, of near-equal size (no thin last block).</summary>
    public static int KBlocks(int k) => Math.Max(1, (k + GemmPacking.KcMax - 1) / GemmPacking.KcMax);

    public static int KBlockSize(int k, int blocks, int index) => k / blocks + (index < k % blocks ? 1 : 0);

    private static void EdgeTile<TK>(int rows, int cols, int kc, float* ap, bool kMajor, float* bp, float* c, nint ldc,
        bool accumulate, float* tile)
        where TK : IGemmKernel
    {
        int nr = TK.NR;
        if (accumulate)
        {
            // Zero first: the padding columns are added too, and stack garbage could be slow denormals.
            new Span<float>(tile, TK.MR * nr).Clear();
            for (int r = 0; r < rows; r++) new Span<float>(c + r * ldc, cols).CopyTo(new Span<float>(tile + r * nr, cols));
        }

        TK.Tile(rows, kc, ap, kMajor, bp, nr, tile, nr, accumulate);
        for (int r = 0; r < rows; r++) new Span<float>(tile + r * nr, cols).CopyTo(new Span<float>(c + r * ldc, cols));
    }
}
