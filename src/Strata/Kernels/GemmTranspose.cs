using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// 16×16 float transposes in AVX-512 registers, for the packing routines that must turn rows into columns
/// (a transposed B, the narrow paths). Four rounds of 16 shuffles move 256 floats, against 256 scalar
/// loads and stores.
/// </summary>
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
