using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// AVX2 + FMA micro-kernel: a 6×16 tile of C in 12 ymm accumulators (two vectors per row). With the two
/// vectors of B and one broadcast of A that is 15 of the 16 registers: the classic Haswell shape.
/// </summary>
internal readonly unsafe struct GemmKernel256 : IGemmKernel
{
    public static int MR => 6;

    public static int NR => 16;

    public static bool IsSupported => Fma.IsSupported && Avx2.IsSupported;

    public static void Tile(int rows, int kc, float* a, bool aKMajor, float* b, float* c, nint ldc, bool accumulate)
    {
        if (aKMajor) Tile<KMajor>(rows, kc, a, b, c, ldc, accumulate);
        else Tile<GemmRowMajor>(rows, kc, a, b, c, ldc, accumulate);
    }

    private static void Tile<TL>(int rows, int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
    {
        switch (rows)
        {
            case 6: Tile<TL, GemmRows6>(kc, a, b, c, ldc, accumulate); break;
            case 5: Tile<TL, GemmRows5>(kc, a, b, c, ldc, accumulate); break;
            case 4: Tile<TL, GemmRows4>(kc, a, b, c, ldc, accumulate); break;
            case 3: Tile<TL, GemmRows3>(kc, a, b, c, ldc, accumulate); break;
            case 2: Tile<TL, GemmRows2>(kc, a, b, c, ldc, accumulate); break;
            default: Tile<TL, GemmRows1>(kc, a, b, c, ldc, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TL, TR>(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
        where TR : IGemmRows
    {
        nint rs = TL.RowStride, ks = TL.KStride;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8), x;
            x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            if (TR.Count > 1) { x = Vector256.Create(a[rs]); c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11); }
            if (TR.Count > 2) { x = Vector256.Create(a[2 * rs]); c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21); }
            if (TR.Count > 3) { x = Vector256.Create(a[3 * rs]); c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31); }
            if (TR.Count > 4) { x = Vector256.Create(a[4 * rs]); c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41); }
            if (TR.Count > 5) { x = Vector256.Create(a[5 * rs]); c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51); }
            a += ks;
            b += 16;
        }

        Store(c, c00, c01, accumulate);
        if (TR.Count > 1) Store(c + ldc, c10, c11, accumulate);
        if (TR.Count > 2) Store(c + 2 * ldc, c20, c21, accumulate);
        if (TR.Count > 3) Store(c + 3 * ldc, c30, c31, accumulate);
        if (TR.Count > 4) Store(c + 4 * ldc, c40, c41, accumulate);
        if (TR.Count > 5) Store(c + 5 * ldc, c50, c51, accumulate);
    }

    /// <summary>A micro-panel packed k-major: the 6 values of one step of k are adjacent.</summary>
    private readonly struct KMajor : IGemmALayout
    {
        public static int RowStride => 1;

        public static int KStride => 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }

        Vector256.Store(v0, c);
        Vector256.Store(v1, c + 8);
    }
}
