using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// AVX-512 micro-kernel: a 12×32 tile of C held in 24 zmm accumulators (two vectors per row).
/// Per step of k it loads one packed row of B (2 vectors) and broadcasts 12 values of A, for 24 FMAs:
/// 24 + 2 + 1 = 27 of the 32 registers, and enough independent FMA chains to hide their latency.
/// </summary>
internal readonly unsafe struct GemmKernel512 : IGemmKernel
{
    public static int MR => 12;

    public static int NR => 32;

    public static bool IsSupported => Avx512F.IsSupported;

    public static void Tile(int rows, int kc, float* a, bool aKMajor, float* b, float* c, nint ldc, bool accumulate)
    {
        if (aKMajor) Tile<KMajor>(rows, kc, a, b, c, ldc, accumulate);
        else Tile<GemmRowMajor>(rows, kc, a, b, c, ldc, accumulate);
    }

    private static void Tile<TL>(int rows, int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
    {
        // One specialized copy per row count: the JIT removes the rows a short tile does not have.
        switch (rows)
        {
            case 12: Tile<TL, GemmRows12>(kc, a, b, c, ldc, accumulate); break;
            case 11: Tile<TL, GemmRows11>(kc, a, b, c, ldc, accumulate); break;
            case 10: Tile<TL, GemmRows10>(kc, a, b, c, ldc, accumulate); break;
            case 9: Tile<TL, GemmRows9>(kc, a, b, c, ldc, accumulate); break;
            case 8: Tile<TL, GemmRows8>(kc, a, b, c, ldc, accumulate); break;
            case 7: Tile<TL, GemmRows7>(kc, a, b, c, ldc, accumulate); break;
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
        // Row r of the A micro-panel sits at a + r * RowStride; one step of k moves it by KStride.
        nint rs = TL.RowStride, ks = TL.KStride;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default, cA0 = default, cA1 = default, cB0 = default, cB1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), x;
            x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            if (TR.Count > 1) { x = Vector512.Create(a[rs]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11); }
            if (TR.Count > 2) { x = Vector512.Create(a[2 * rs]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21); }
            if (TR.Count > 3) { x = Vector512.Create(a[3 * rs]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31); }
            if (TR.Count > 4) { x = Vector512.Create(a[4 * rs]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41); }
            if (TR.Count > 5) { x = Vector512.Create(a[5 * rs]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51); }
            if (TR.Count > 6) { x = Vector512.Create(a[6 * rs]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61); }
            if (TR.Count > 7) { x = Vector512.Create(a[7 * rs]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71); }
            if (TR.Count > 8) { x = Vector512.Create(a[8 * rs]); c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81); }
            if (TR.Count > 9) { x = Vector512.Create(a[9 * rs]); c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91); }
            if (TR.Count > 10) { x = Vector512.Create(a[10 * rs]); cA0 = Avx512F.FusedMultiplyAdd(x, b0, cA0); cA1 = Avx512F.FusedMultiplyAdd(x, b1, cA1); }
            if (TR.Count > 11) { x = Vector512.Create(a[11 * rs]); cB0 = Avx512F.FusedMultiplyAdd(x, b0, cB0); cB1 = Avx512F.FusedMultiplyAdd(x, b1, cB1); }
            a += ks;
            b += 32;
        }

        Store(c, c00, c01, accumulate);
        if (TR.Count > 1) Store(c + ldc, c10, c11, accumulate);
        if (TR.Count > 2) Store(c + 2 * ldc, c20, c21, accumulate);
        if (TR.Count > 3) Store(c + 3 * ldc, c30, c31, accumulate);
        if (TR.Count > 4) Store(c + 4 * ldc, c40, c41, accumulate);
        if (TR.Count > 5) Store(c + 5 * ldc, c50, c51, accumulate);
        if (TR.Count > 6) Store(c + 6 * ldc, c60, c61, accumulate);
        if (TR.Count > 7) Store(c + 7 * ldc, c70, c71, accumulate);
        if (TR.Count > 8) Store(c + 8 * ldc, c80, c81, accumulate);
        if (TR.Count > 9) Store(c + 9 * ldc, c90, c91, accumulate);
        if (TR.Count > 10) Store(c + 10 * ldc, cA0, cA1, accumulate);
        if (TR.Count > 11) Store(c + 11 * ldc, cB0, cB1, accumulate);
    }

    /// <summary>A micro-panel packed k-major: the 12 values of one step of k are adjacent.</summary>
    private readonly struct KMajor : IGemmALayout
    {
        public static int RowStride => 1;

        public static int KStride => 12;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }

        Vector512.Store(v0, c);
        Vector512.Store(v1, c + 16);
    }
}
