using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Kernels;

/// <summary>
/// A register-tiled micro-kernel: computes a rows×NR tile of C (rows ≤ MR) from a packed A micro-panel
/// and a B micro-panel (kc rows of NR floats: packed and zero-padded past n, or B itself).
/// </summary>
internal unsafe interface IGemmKernel
{
    /// <summary>Rows of C per tile (values of A broadcast per step of k).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per tile (a whole number of vectors of B).</summary>
    static abstract int NR { get; }

    static abstract bool IsSupported { get; }

    /// <summary>
    /// tile = A·B, stored to the rows×NR tile at c (row stride ldc), or added to it when accumulate.
    /// A is packed k-major (aKMajor: MR floats per step of k) or row-major (rows GemmPacking.ARowStride apart).
    /// B's kc rows of NR floats are ldb apart: NR in a packed panel, B's own stride when read in place.
    /// </summary>
    static abstract void Tile(int rows, int kc, float* a, bool aKMajor, float* b, nint ldb, float* c, nint ldc, bool accumulate);
}

/// <summary>Where A's packed values sit: element (row r, step p) is at r * RowStride + p * KStride.</summary>
internal interface IGemmALayout
{
    static abstract int RowStride { get; }

    static abstract int KStride { get; }
}

/// <summary>A micro-panel copied row by row from a row-major A (a cheap copy, no transposition).</summary>
internal readonly struct GemmRowMajor : IGemmALayout
{
    public static int RowStride => GemmPacking.ARowStride;

    public static int KStride => 1;
}

/// <summary>
/// How many rows a tile has, as a type: kernels are generic over it so that the JIT compiles one copy per
/// row count with the absent rows removed, and a short tile (m not a multiple of MR, or m = 1) wastes no FMA.
/// </summary>
internal interface IGemmRows
{
    static abstract int Count { get; }
}

internal readonly struct GemmRows1 : IGemmRows { public static int Count => 1; }

internal readonly struct GemmRows2 : IGemmRows { public static int Count => 2; }

internal readonly struct GemmRows3 : IGemmRows { public static int Count => 3; }

internal readonly struct GemmRows4 : IGemmRows { public static int Count => 4; }

internal readonly struct GemmRows5 : IGemmRows { public static int Count => 5; }

internal readonly struct GemmRows6 : IGemmRows { public static int Count => 6; }

internal readonly struct GemmRows7 : IGemmRows { public static int Count => 7; }

internal readonly struct GemmRows8 : IGemmRows { public static int Count => 8; }

internal readonly struct GemmRows9 : IGemmRows { public static int Count => 9; }

internal readonly struct GemmRows10 : IGemmRows { public static int Count => 10; }

internal readonly struct GemmRows11 : IGemmRows { public static int Count => 11; }

internal readonly struct GemmRows12 : IGemmRows { public static int Count => 12; }

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

    public static void Tile(int rows, int kc, float* a, bool aKMajor, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        if (aKMajor) Tile<KMajor>(rows, kc, a, b, ldb, c, ldc, accumulate);
        else Tile<GemmRowMajor>(rows, kc, a, b, ldb, c, ldc, accumulate);
    }

    private static void Tile<TL>(int rows, int kc, float* a, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
    {
        // One specialized copy per row count: the JIT removes the rows a short tile does not have.
        switch (rows)
        {
            case 12: Tile<TL, GemmRows12>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 11: Tile<TL, GemmRows11>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 10: Tile<TL, GemmRows10>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 9: Tile<TL, GemmRows9>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 8: Tile<TL, GemmRows8>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 7: Tile<TL, GemmRows7>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 6: Tile<TL, GemmRows6>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 5: Tile<TL, GemmRows5>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 4: Tile<TL, GemmRows4>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 3: Tile<TL, GemmRows3>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<TL, GemmRows2>(kc, a, b, ldb, c, ldc, accumulate); break;
            default: Tile<TL, GemmRows1>(kc, a, b, ldb, c, ldc, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TL, TR>(int kc, float* a, float* b, nint ldb, float* c, nint ldc, bool accumulate)
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
            b += ldb;
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

/// <summary>
/// AVX2 + FMA micro-kernel: a 6×16 tile of C in 12 ymm accumulators (two vectors per row). With the two
/// vectors of B and one broadcast of A that is 15 of the 16 registers: the classic Haswell shape.
/// </summary>
internal readonly unsafe struct GemmKernel256 : IGemmKernel
{
    public static int MR => 6;

    public static int NR => 16;

    public static bool IsSupported => Fma.IsSupported && Avx2.IsSupported;

    public static void Tile(int rows, int kc, float* a, bool aKMajor, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        if (aKMajor) Tile<KMajor>(rows, kc, a, b, ldb, c, ldc, accumulate);
        else Tile<GemmRowMajor>(rows, kc, a, b, ldb, c, ldc, accumulate);
    }

    private static void Tile<TL>(int rows, int kc, float* a, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
    {
        switch (rows)
        {
            case 6: Tile<TL, GemmRows6>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 5: Tile<TL, GemmRows5>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 4: Tile<TL, GemmRows4>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 3: Tile<TL, GemmRows3>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<TL, GemmRows2>(kc, a, b, ldb, c, ldc, accumulate); break;
            default: Tile<TL, GemmRows1>(kc, a, b, ldb, c, ldc, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TL, TR>(int kc, float* a, float* b, nint ldb, float* c, nint ldc, bool accumulate)
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
            b += ldb;
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

    public static void Tile(int rows, int kc, float* a, bool aKMajor, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        if (aKMajor) Tile<KMajor>(rows, kc, a, b, ldb, c, ldc, accumulate);
        else Tile<GemmRowMajor>(rows, kc, a, b, ldb, c, ldc, accumulate);
    }

    private static void Tile<TL>(int rows, int kc, float* a, float* b, nint ldb, float* c, nint ldc, bool accumulate)
        where TL : IGemmALayout
    {
        switch (rows)
        {
            case 4: Tile<TL, GemmRows4>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 3: Tile<TL, GemmRows3>(kc, a, b, ldb, c, ldc, accumulate); break;
            case 2: Tile<TL, GemmRows2>(kc, a, b, ldb, c, ldc, accumulate); break;
            default: Tile<TL, GemmRows1>(kc, a, b, ldb, c, ldc, accumulate); break;
        }
    }

    private static void Tile<TL, TR>(int kc, float* a, float* b, nint ldb, float* c, nint ldc, bool accumulate)
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
            b += ldb;
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
