using System.Collections;

namespace Strata;

/// <summary>The dimensions of a tensor, outermost first. Immutable.</summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    public Shape(params int[] dims)
    {
        foreach (int d in dims)
        {
            if (d < 0) throw new ArgumentException($"Shape: dimensions must be non-negative, got {Format(dims)}.", nameof(dims));
        }
        _dims = (int[])dims.Clone();
    }

    private Shape(int[] dims, bool _) => _dims = dims;

    /// <summary>Wraps an array the caller will never change again (no copy, no check).</summary>
    internal static Shape Own(int[] dims) => new(dims, true);

    public static Shape Scalar => Own([]);

    public int Rank => _dims?.Length ?? 0;

    public int Count => Rank;

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size
    {
        get
        {
            long size = 1;
            foreach (int d in Dims) size *= d;
            return size <= int.MaxValue ? (int)size
                : throw new ArgumentException($"Shape {this} has {size} elements, more than a tensor can hold ({int.MaxValue}).");
        }
    }

    /// <summary>A dimension; negative indices count from the end, as in Python.</summary>
    public int this[int axis] => Dims[NormalizeAxis(axis, Rank, "Shape")];

    internal int[] Dims => _dims ?? [];

    public int[] ToArray() => (int[])Dims.Clone();

    /// <summary>Row-major strides, in elements.</summary>
    internal int[] Strides()
    {
        var strides = new int[Rank];
        int stride = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Dims[i];
        }
        return strides;
    }

    /// <summary>Turns a possibly negative axis into 0..rank-1, or throws naming the op.</summary>
    internal static int NormalizeAxis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentException($"{op}: axis {axis} is out of range for a tensor of rank {rank} (valid: {-rank} to {rank - 1}).", nameof(axis));
        }
        return a;
    }

    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in Dims) hash.Add(d);
        return hash.ToHashCode();
    }

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public static implicit operator Shape(int[] dims) => new(dims);

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python's tuple notation: (), (3,), (2, 3).</summary>
    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims) => dims.Length == 1
        ? $"({dims[0]},)"
        : "(" + string.Join(", ", dims.ToArray()) + ")";
}
