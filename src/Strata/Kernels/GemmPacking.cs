using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// Packing of A and B into the contiguous panels the micro-kernels stream through, and the per-thread buffers
/// they live in. Transposed operands are handled here, so the kernels only ever see one layout of B.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Largest block of k packed at once: a B micro-panel (KcMax × NR) plus an A micro-panel stay in L1/L2.</summary>
    public const int KcMax = 256;

    /// <summary>Largest block of n packed at once: KcMax × NcMax floats of B (512 KiB) stay in a 1 MiB L2.</summary>
    public const int NcMax = 512;

    /// <summary>
    /// Distance between rows of a row-major A micro-panel, padded past KcMax so the rows of a panel do not
    /// all fall in the same L1 cache sets.
    /// </summary>
    public const int ARowStride = KcMax + 16;

    private const int MaxMR = 12;

    // Per-thread scratch, grown once and reused: no allocation per call in steady state. A pinned array
    // (rather than native memory) so a thread's buffer is reclaimed when the thread ends.
    [ThreadStatic]
    private static float[]? t_scratch;

    /// <summary>This thread's 64-byte-aligned packing buffers: B block first, then the A micro-panel.</summary>
    public static (IntPtr B, IntPtr A) Buffers()
    {
        const int bFloats = KcMax * NcMax, aFloats = MaxMR * ARowStride;
        float[] scratch = t_scratch ??= GC.AllocateUninitializedArray<float>(bFloats + aFloats + 16, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
        nint aligned = (start + 63) & ~(nint)63;
        return (aligned, aligned + bFloats * sizeof(float));
    }

    /// <summary>
    /// Packs op(B)[p0:p0+kc, j0:j0+nc] into micro-panels of nr columns: panel q holds, for each step of k,
    /// the nr values of columns j0 + q*nr ..; columns past nc are zero so edge tiles need no special kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, float* b, nint ldb, int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr, dst += kc * nr)
        {
            int cols = Math.Min(nr, nc - jr);
            if (!transB)
            {
                // Rows of B are contiguous along n: each step of k is a plain copy of nr floats.
                float* src = b + p0 * ldb + j0 + jr;
                for (int p = 0; p < kc; p++, src += ldb)
                {
                    Copy(src, dst + p * nr, cols);
                    if (cols < nr) new Span<float>(dst + p * nr + cols, nr - cols).Clear();
                }
            }
            else if (Avx512F.IsSupported && nr % 16 == 0)
            {
                // B is stored n×k: column j of op(B) is a row of storage. Transpose 16×16 blocks in registers;
                // the blocks write zeros past cols, which is the edge padding.
                for (int jj = 0; jj < nr; jj += 16)
                {
                    int jCount = Math.Clamp(cols - jj, 0, 16);
                    float* src = b + (j0 + jr + jj) * ldb + p0;
                    for (int p = 0; p < kc; p += 16) GemmTranspose.Block(src + p, ldb, jCount, Math.Min(16, kc - p), dst + p * nr + jj, nr);
                }
            }
            else
            {
                for (int jj = 0; jj < cols; jj++)
                {
                    float* src = b + (j0 + jr + jj) * ldb + p0;
                    for (int p = 0; p < kc; p++) dst[p * nr + jj] = src[p];
                }

                for (int p = 0; p < kc && cols < nr; p++) new Span<float>(dst + p * nr + cols, nr - cols).Clear();
            }
        }
    }

    /// <summary>
    /// Packs rows i0.. of op(A)[:, p0:p0+kc] for one micro-kernel call. Whichever layout is a straight copy
    /// is used: a row-major A gives row-major rows (ARowStride apart), a transposed A gives k-major steps
    /// of mr floats. Returns whether the panel is k-major.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool PackA(bool transA, float* a, nint lda, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        if (!transA)
        {
            for (int r = 0; r < rows; r++) Copy(a + (i0 + r) * lda + p0, dst + r * ARowStride, kc);
            return false;
        }

        float* src = a + p0 * lda + i0;
        for (int p = 0; p < kc; p++, src += lda) Copy(src, dst + p * mr, rows);
        return true;
    }

    /// <summary>Copies count floats; written out because the counts are short (one row of a panel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        int i = 0;
        for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count) Vector256.Store(Vector256.Load(src + i), dst + i);
        if (i <= count - Vector128<float>.Count)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
            i += Vector128<float>.Count;
        }

        for (; i < count; i++) dst[i] = src[i];
    }
}
