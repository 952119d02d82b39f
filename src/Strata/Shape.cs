using System.Collections;

namespace Strata;

/// <summary>The dimensions of a tensor, outermost first. Immutable.</summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    /// <summary>A shape with these dimensions (copied): <c>new Shape(32, 28, 28)</c>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
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

    /// <summary>The shape of a rank-0 tensor: ().</summary>
    public static Shape Scalar => Own([]);

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>The number of dimensions, as <see cref="IReadOnlyCollection{T}.Count"/> asks; the same as <see cref="Rank"/>.</summary>
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

    /// <summary>The dimensions as a new array.</summary>
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

    /// <summary>True when both have the same dimensions in the same order.</summary>
    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <summary>True when <paramref name="obj"/> is a <see cref="Shape"/> with the same dimensions.</summary>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <summary>A hash of the dimensions, consistent with <see cref="Equals(Shape)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in Dims) hash.Add(d);
        return hash.ToHashCode();
    }

    /// <summary>True when both shapes have the same dimensions.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>True when the shapes differ in rank or in some dimension.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <summary>A shape from an array of dimensions (copied), so <c>[2, 3]</c> can stand for a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>The dimensions, outermost first.</summary>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Python's tuple notation: (), (3,), (2, 3).</summary>
    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims) => dims.Length == 1
        ? $"({dims[0]},)"
        : "(" + string.Join(", ", dims.ToArray()) + ")";
}
