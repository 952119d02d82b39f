namespace Strata.Kernels;

/// <summary>
/// A register-tiled micro-kernel: computes a rows×NR tile of C (rows ≤ MR) from a packed A micro-panel
/// and a packed B micro-panel (kc rows of NR floats, zero-padded past n).
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
    /// </summary>
    static abstract void Tile(int rows, int kc, float* a, bool aKMajor, float* b, float* c, nint ldc, bool accumulate);
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
