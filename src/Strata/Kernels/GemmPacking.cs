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
    /// <summary>
    /// Largest block of k packed at once. Long blocks mean C is read and written once per block, and A packed
    /// once: on the Zen 4/5 class machines measured, one block up to k = 1024 beat 256-512 by ~5-10% with
    /// two threads and tied with one, although the panels then live in L2 rather than L1.
    /// </summary>
    public const int KcMax = 1024;

    /// <summary>Largest block of n packed at once (B block: KcMax × NcMax floats, 2 MiB per thread).</summary>
    public const int NcMax = 512;

    /// <summary>
    /// Distance between rows of a row-major A micro-panel, padded past KcMax so that the rows of a panel
    /// do not all fall in the same cache sets.
    /// </summary>
    public const int ARowStride = KcMax + 16;

    /// <summary>Largest B buffer, which the narrow paths also use for their transposed copy of B.</summary>
    public const int BufferFloats = KcMax * NcMax;

    /// <summary>The A micro-panel (12 rows, the largest MR), a multiple of 16 floats so B stays 64-byte aligned.</summary>
    private const int AFloats = 12 * ARowStride;

    // Per-thread scratch, grown on demand and reused: no allocation per call in steady state. A pinned array
    // (rather than native memory) so a thread's buffer is reclaimed when the thread ends.
    [ThreadStatic]
    private static float[]? t_scratch;

    /// <summary>
    /// This thread's 64-byte-aligned packing buffers: an A micro-panel, and room for bFloats (≤ BufferFloats)
    /// of B. Sized to the need, so a thread that only multiplies small matrices keeps a small buffer.
    /// </summary>
    public static (IntPtr B, IntPtr A) Buffers(long bFloats)
    {
        long need = AFloats + bFloats + 16;
        float[]? scratch = t_scratch;
        if (scratch == null || scratch.Length < need)
        {
            // Round up (to 256 KiB) so that slowly growing shapes do not reallocate on every call.
            t_scratch = scratch = GC.AllocateUninitializedArray<float>((int)((need + 65535) & ~65535L), pinned: true);
        }

        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
        nint aligned = (start + 63) & ~(nint)63;
        return (aligned + AFloats * sizeof(float), aligned);
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

    /// <summary>The same row-major panel as <see cref="PackA"/> would make of the stored im2col matrix, gathered from the image instead.</summary>
    public static bool PackWindows(ImageWindows* windows, int i0, int rows, int p0, int kc, float* dst)
    {
        windows->PackRows(i0, rows, p0, kc, dst, ARowStride);
        return false;
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

/// <summary>
/// 16×16 float transposes in AVX-512 registers, for the packing routines that must turn rows into columns
/// (a transposed B, the narrow paths). Four rounds of 16 shuffles move 256 floats, against 256 scalar
/// loads and stores.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmTranspose
{
    /// <summary>Transposes r[0..16) in place: afterwards lane i of r[c] is what lane c of r[i] was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InPlace(Vector512<float>* r)
    {
        Vector512<float>* t = stackalloc Vector512<float>[16];

        // Rounds 1-2: within each 128-bit lane L, t[4q + c] ends as column 4L + c of rows 4q .. 4q+3.
        for (int q = 0; q < 4; q++)
        {
            Vector512<float> lo01 = Avx512F.UnpackLow(r[4 * q], r[4 * q + 1]), hi01 = Avx512F.UnpackHigh(r[4 * q], r[4 * q + 1]);
            Vector512<float> lo23 = Avx512F.UnpackLow(r[4 * q + 2], r[4 * q + 3]), hi23 = Avx512F.UnpackHigh(r[4 * q + 2], r[4 * q + 3]);
            t[4 * q] = Avx512F.UnpackLow(lo01.AsDouble(), lo23.AsDouble()).AsSingle();
            t[4 * q + 1] = Avx512F.UnpackHigh(lo01.AsDouble(), lo23.AsDouble()).AsSingle();
            t[4 * q + 2] = Avx512F.UnpackLow(hi01.AsDouble(), hi23.AsDouble()).AsSingle();
            t[4 * q + 3] = Avx512F.UnpackHigh(hi01.AsDouble(), hi23.AsDouble()).AsSingle();
        }

        // Rounds 3-4: column 4L + c is lane L of t[c], t[4 + c], t[8 + c], t[12 + c], side by side.
        for (int c = 0; c < 4; c++)
        {
            Vector512<float> v02 = Avx512F.Shuffle4x128(t[c], t[4 + c], 0x88), v13 = Avx512F.Shuffle4x128(t[c], t[4 + c], 0xDD);
            Vector512<float> w02 = Avx512F.Shuffle4x128(t[8 + c], t[12 + c], 0x88), w13 = Avx512F.Shuffle4x128(t[8 + c], t[12 + c], 0xDD);
            r[c] = Avx512F.Shuffle4x128(v02, w02, 0x88);
            r[4 + c] = Avx512F.Shuffle4x128(v13, w13, 0x88);
            r[8 + c] = Avx512F.Shuffle4x128(v02, w02, 0xDD);
            r[12 + c] = Avx512F.Shuffle4x128(v13, w13, 0xDD);
        }
    }

    /// <summary>
    /// dst[c * ldd + i] = src[i * lds + c] for i &lt; rows, c &lt; cols (both ≤ 16). Each of the cols rows
    /// written to dst is 16 floats wide, zero past rows: callers rely on that padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        Vector512<float>* r = stackalloc Vector512<float>[16];
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(cols)).AsSingle();
        for (int i = 0; i < 16; i++)
        {
            // Masked loads: lanes past cols are neither read (no fault past the end of src) nor kept.
            r[i] = i < rows ? Avx512F.MaskLoad(src + i * lds, mask, default) : default;
        }

        InPlace(r);
        for (int c = 0; c < cols; c++) r[c].Store(dst + c * ldd);
    }
}
