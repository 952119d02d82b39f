using System.Numerics;
using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>The same elements in another shape; one dimension may be -1 and is then inferred.</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        Shape target = InferShape(x, shape);
        return x.View(target).Record(x, g => Reshape(g, x.Shape.Dims));
    }

    /// <summary>Permutes the axes: <paramref name="axes"/>[i] is the input axis that becomes axis i (reversed when null, as NumPy).</summary>
    public static Tensor Transpose(Tensor x, int[]? axes = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int[] perm = axes is null ? Enumerable.Range(0, x.Rank).Reverse().ToArray() : CheckPermutation(x, axes);
        int[] strides = x.Shape.Strides();
        var dims = new int[x.Rank];
        var permuted = new int[x.Rank];
        for (int i = 0; i < perm.Length; i++)
        {
            dims[i] = x.Shape.Dims[perm[i]];
            permuted[i] = strides[perm[i]];
        }
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return StridedCopy.Gather("Transpose", x, 0, permuted, Shape.Own(dims)).Record(x, g => Transpose(g, inverse));
    }

    /// <summary>Keras's name for <see cref="Transpose"/> with explicit axes.</summary>
    public static Tensor Permute(Tensor x, params int[] axes) => Transpose(x, axes);

    /// <summary>Inserts an axis of size 1 at <paramref name="axis"/> (-1 appends it).</summary>
    public static Tensor ExpandDims(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = InsertionAxis(axis, x.Shape, "ExpandDims");
        List<int> dims = [.. x.Shape.Dims];
        dims.Insert(a, 1);
        return Reshape(x, dims.ToArray());
    }

    /// <summary>Removes axes of size 1: the given one, or all of them when null.</summary>
    public static Tensor Squeeze(Tensor x, int? axis = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (axis is int requested)
        {
            int a = Shape.NormalizeAxis(requested, x.Rank, "Squeeze");
            if (x.Shape.Dims[a] != 1) throw new ArgumentException($"Squeeze: axis {requested} of shape {x.Shape} has size {x.Shape.Dims[a]}, not 1.", nameof(axis));
            return Reshape(x, x.Shape.Dims.Where((_, i) => i != a).ToArray());
        }
        return Reshape(x, x.Shape.Dims.Where(d => d != 1).ToArray());
    }

    /// <summary>Repeats x along its size-1 (and missing leading) axes to fill <paramref name="shape"/>.</summary>
    public static Tensor BroadcastTo(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        var target = new Shape(shape);
        if (!Broadcasting.CanBroadcastTo(x.Shape, target)) throw new ArgumentException($"BroadcastTo: shape {x.Shape} cannot be broadcast to {target}.", nameof(shape));
        return Expand(x, target).Record(x, g => SumTo(g, x.Shape));
    }

    /// <summary>Broadcasting without recording, for ops that record their own gradient.</summary>
    internal static Tensor Expand(Tensor x, Shape shape) =>
        StridedCopy.Gather("Expand", x, 0, Broadcasting.Strides(x.Shape, shape), shape, new ElementForm.Broadcast());

    /// <summary>
    /// The elements converted to another dtype, as NumPy's astype: floats truncate toward zero
    /// into integers, anything non-zero becomes true. Returns x itself when the dtype already matches.
    /// </summary>
    public static Tensor Cast(Tensor x, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.DType == dtype ? x : Run(CastKernels[(int)dtype], x.Shape, dtype, x);
    }

    /// <summary>The conversion kernels, by target dtype.</summary>
    private static readonly Kernel[] CastKernels = Enum.GetValues<DType>()
        .Select(to => new Kernel("Cast", static (x, y) => Convert(x[0], y), to.Name())
        {
            Element = to is DType.Float32 or DType.Bool ? new ElementForm.Convert(ToBool: to == DType.Bool) : null,
        }).ToArray();

    private static void Convert(Tensor x, Tensor y)
    {
        switch (x.Buffer)
        {
            case float[]: ConvertFrom<float>(x, y); break;
            case int[]: ConvertFrom<int>(x, y); break;
            case long[]: ConvertFrom<long>(x, y); break;
            case byte[]: ConvertFrom<byte>(x, y); break;
            default:
                switch (y.Buffer)
                {
                    case float[]: FromBools<float>(x, y); break;
                    case int[]: FromBools<int>(x, y); break;
                    case long[]: FromBools<long>(x, y); break;
                    default: FromBools<byte>(x, y); break;
                }
                break;
        }
    }

    private static void ConvertFrom<TFrom>(Tensor x, Tensor y) where TFrom : unmanaged, INumber<TFrom>
    {
        switch (y.Buffer)
        {
            case float[]: ParallelElementwise.ConvertTruncating<TFrom, float>(x, y); break;
            case int[]: ParallelElementwise.ConvertTruncating<TFrom, int>(x, y); break;
            case long[]: ParallelElementwise.ConvertTruncating<TFrom, long>(x, y); break;
            case byte[]: ParallelElementwise.ConvertTruncating<TFrom, byte>(x, y); break;
            default:
                ReadOnlySpan<TFrom> s = x.Data<TFrom>();
                Span<bool> d = y.Span<bool>();
                for (int i = 0; i < s.Length; i++) d[i] = s[i] != TFrom.Zero;
                break;
        }
    }

    private static void FromBools<TTo>(Tensor x, Tensor y) where TTo : INumber<TTo>
    {
        ReadOnlySpan<bool> s = x.Data<bool>();
        Span<TTo> d = y.Span<TTo>();
        for (int i = 0; i < s.Length; i++) d[i] = s[i] ? TTo.One : TTo.Zero;
    }

    private static int InsertionAxis(int axis, Shape shape, string op)
    {
        int rank = shape.Rank, a = axis < 0 ? axis + rank + 1 : axis;
        return a >= 0 && a <= rank ? a
            : throw new ArgumentException($"{op}: axis {axis} is out of range for inserting an axis into a tensor of rank {rank}, shape {shape} (valid: {-rank - 1} to {rank}).", nameof(axis));
    }

    private static Shape InferShape(Tensor x, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int unknown = -1, known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1 && unknown < 0) unknown = i;
            else if (shape[i] < 0) throw new ArgumentException($"Reshape: invalid target shape {Shape.Format(shape)}: sizes must be non-negative, with at most one -1.", nameof(shape));
            else known *= shape[i];
        }
        int[] dims = (int[])shape.Clone();
        if (unknown >= 0)
        {
            if (known == 0 || x.Size % known != 0) throw ReshapeError(x, shape);
            dims[unknown] = x.Size / known;
        }
        else if (known != x.Size)
        {
            throw ReshapeError(x, shape);
        }
        return Shape.Own(dims);
    }

    private static ArgumentException ReshapeError(Tensor x, int[] shape) =>
        new($"Reshape: cannot reshape a tensor of shape {x.Shape} ({x.Size} elements) into {Shape.Format(shape)}.", nameof(shape));

    private static int[] CheckPermutation(Tensor x, int[] axes)
    {
        int[] perm = axes.Select(a => a < 0 ? a + x.Rank : a).ToArray();
        bool valid = perm.Length == x.Rank && perm.Order().SequenceEqual(Enumerable.Range(0, x.Rank));
        return valid ? perm
            : throw new ArgumentException($"Transpose: axes [{string.Join(", ", axes)}] are not a permutation of the {x.Rank} axes of shape {x.Shape}.", nameof(axes));
    }
}
