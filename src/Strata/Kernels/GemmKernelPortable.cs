using System.Numerics;
using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// Portable micro-kernel for CPUs without AVX2/AVX-512 (e.g. Arm NEON, older x86): a 4 × (2 vectors) tile
/// with Vector&lt;float&gt;, whose width the JIT knows. MultiplyAddEstimate fuses where the CPU can (Arm FMLA)
/// and multiplies then adds where it cannot, so the last bit may differ between machines, never between
/// thread counts.
/// </summary>
internal readonly unsafe struct GemmKernelPortable : IGemmKernel
{
    public static int MR => 4;

    public static int NR => 2 * Vector<float>.Count;

    public static bool IsSupported => true;

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
            case 4: Tile<TL, GemmRows4>(kc, a, b, c, ldc, accumulate); break;
            case 3: Tile<TL, GemmRows3>(kc, a, b, c, ldc, accumulate); break;
            case 2: Tile<TL, GemmRows2>(kc, a, b, c, ldc, accumulate); break;
            default: Tile<TL, GemmRows1>(kc, a, b, c, ldc, accumulate); break;
        }
    }

    private static void Tile<TL, TR>(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
        where TR : IGemmRows
    {
        nint rs = TL.RowStride, ks = TL.KStride;
        int w = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Vector.Load(b), b1 = Vector.Load(b + w), x;
            x = new Vector<float>(a[0]); c00 = Vector.MultiplyAddEstimate(x, b0, c00); c01 = Vector.MultiplyAddEstimate(x, b1, c01);
            if (TR.Count > 1) { x = new Vector<float>(a[rs]); c10 = Vector.MultiplyAddEstimate(x, b0, c10); c11 = Vector.MultiplyAddEstimate(x, b1, c11); }
            if (TR.Count > 2) { x = new Vector<float>(a[2 * rs]); c20 = Vector.MultiplyAddEstimate(x, b0, c20); c21 = Vector.MultiplyAddEstimate(x, b1, c21); }
            if (TR.Count > 3) { x = new Vector<float>(a[3 * rs]); c30 = Vector.MultiplyAddEstimate(x, b0, c30); c31 = Vector.MultiplyAddEstimate(x, b1, c31); }
            a += ks;
            b += 2 * w;
        }

        Store(c, w, c00, c01, accumulate);
        if (TR.Count > 1) Store(c + ldc, w, c10, c11, accumulate);
        if (TR.Count > 2) Store(c + 2 * ldc, w, c20, c21, accumulate);
        if (TR.Count > 3) Store(c + 3 * ldc, w, c30, c31, accumulate);
    }

    /// <summary>A micro-panel packed k-major: the 4 values of one step of k are adjacent.</summary>
    private readonly struct KMajor : IGemmALayout
    {
        public static int RowStride => 1;

        public static int KStride => 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, int w, Vector<float> v0, Vector<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector.Load(c);
            v1 += Vector.Load(c + w);
        }

        Vector.Store(v0, c);
        Vector.Store(v1, c + w);
    }
}
