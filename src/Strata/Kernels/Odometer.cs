namespace Strata.Kernels;

/// <summary>
/// Walks the outer axes of a loop nest (all but the innermost) and keeps one offset per
/// operand, so kernels can process one innermost row at a time.
/// </summary>
internal struct Odometer
{
    private readonly int[] _dims;
    private readonly int[][] _strides;
    private readonly int[] _index;

    public Odometer(int[] dims, int[][] strides, int[] startOffsets)
        : this(dims, strides, startOffsets, new int[Math.Max(dims.Length - 1, 0)])
    {
    }

    /// <summary>An odometer counting in <paramref name="index"/> (cleared here), so that a kernel run again can reuse it.</summary>
    public Odometer(int[] dims, int[][] strides, int[] startOffsets, int[] index)
    {
        _dims = dims;
        _strides = strides;
        _index = index;
        Array.Clear(index);
        Offsets = startOffsets;
    }

    /// <summary>The current offset of each operand.</summary>
    public int[] Offsets { get; }

    /// <summary>Moves to the next row (the innermost axis is the caller's).</summary>
    public readonly void Next()
    {
        for (int axis = _dims.Length - 2; axis >= 0; axis--)
        {
            for (int s = 0; s < _strides.Length; s++) Offsets[s] += _strides[s][axis];
            if (++_index[axis] < _dims[axis]) return;
            for (int s = 0; s < _strides.Length; s++) Offsets[s] -= _strides[s][axis] * _dims[axis];
            _index[axis] = 0;
        }
    }
}
