using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// The cache-blocked GEMM loop nest (GotoBLAS/BLIS style) over one rectangle of C, run by one thread.
/// A block of op(B) (kc × nc, L2-sized) is packed once and then read by every A micro-panel; each A
/// micro-panel (rows × kc, L1-sized) is packed once and swept across the whole block of B.
/// </summary>
internal static unsafe class GemmBlocked
{
    // AggressiveOptimization here and on the kernels: fully optimized from the first call, since a
    // tier-0 packing loop would make the first few dozen products several times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TK>(in GemmProblem g, int m0, int m1, int n0, int n1)
        where TK : IGemmKernel
    {
        int mr = TK.MR, nr = TK.NR;
        (IntPtr bufB, IntPtr bufA) = GemmPacking.Buffers();
        float* bp = (float*)bufB, ap = (float*)bufA;
        float* edge = stackalloc float[mr * nr];
        int kBlocks = KBlocks(g.K);

        for (int jc = n0; jc < n1; jc += GemmPacking.NcMax)
        {
            int nc = Math.Min(GemmPacking.NcMax, n1 - jc);
            for (int kb = 0, p0 = 0; kb < kBlocks; kb++)
            {
                // Blocks of k depend on k alone (never on threads or on the rectangle), so every element
                // of C is summed in the same order whoever computes it: results are bit-identical.
                int kc = KBlockSize(g.K, kBlocks, kb);
                bool accumulate = g.Accumulate || kb > 0;
                GemmPacking.PackB(g.TransB, g.B, g.Ldb, p0, kc, jc, nc, nr, bp);
                for (int ir = m0; ir < m1; ir += mr)
                {
                    int rows = Math.Min(mr, m1 - ir);
                    bool kMajor = GemmPacking.PackA(g.TransA, g.A, g.Lda, ir, rows, p0, kc, mr, ap);
                    float* cRow = g.C + ir * g.Ldc + jc;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        float* panel = bp + jr * kc;
                        int cols = nc - jr;
                        if (cols >= nr)
                        {
                            TK.Tile(rows, kc, ap, kMajor, panel, cRow + jr, g.Ldc, accumulate);
                        }
                        else
                        {
                            // Right edge: run the full-width kernel on a scratch tile, then copy the columns that exist.
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

        TK.Tile(rows, kc, ap, kMajor, bp, tile, nr, accumulate);
        for (int r = 0; r < rows; r++) new Span<float>(tile + r * nr, cols).CopyTo(new Span<float>(c + r * ldc, cols));
    }
}
