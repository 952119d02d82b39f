using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// The block starting at <paramref name="begin"/> with extent <paramref name="size"/> on each
    /// axis (-1: to the end). Slicing only the first axis shares storage instead of copying.
    /// </summary>
    public static Tensor Slice(Tensor x, int[] begin, int[] size)
    {
        ArgumentNullException.ThrowIfNull(x);
        int[] extent = CheckSlice(x, begin, size);
        int[] strides = x.Shape.Strides();
        int start = 0;
        for (int i = 0; i < x.Rank; i++) start += begin[i] * strides[i];
        bool onlyFirstAxis = Enumerable.Range(1, Math.Max(x.Rank - 1, 0)).All(i => begin[i] == 0 && extent[i] == x.Shape.Dims[i]);
        Tensor y = onlyFirstAxis
            ? x.View(Shape.Own(extent), start)
            : StridedCopy.Gather("Slice", x, start, strides, Shape.Own(extent));
        return y.Record(x, g => Placed(g, x.Shape, begin));
    }

    /// <summary>Gathers slices along <paramref name="axis"/> at the given indices (negative ones count from the end).</summary>
    public static Tensor Take(Tensor x, Tensor indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int a = Shape.NormalizeAxis(axis, x.Rank, "Take");
        RequireIndices(indices, "Take");
        int[] dims = [.. x.Shape.Dims[..a], .. indices.Shape.Dims, .. x.Shape.Dims[(a + 1)..]];
        var kernel = new Kernel("Take", (i, y) => TakeInto(i[0], i[1], y, a), $"axis={a}");
        return Run(kernel, Shape.Own(dims), x.DType, x, indices).Record(x, g => TakeGradient(g, x.Shape, indices, a));
    }

    /// <summary>Copies the indexed slabs of x along axis <paramref name="a"/>; indices are checked as they are read.</summary>
    private static void TakeInto(Tensor x, Tensor indices, Tensor y, int a)
    {
        AxisLayout l = AxisLayout.Of(x.Shape, a);
        int count = indices.Size;
        for (int i = 0; i < count; i++)
        {
            int v = IndexAt(indices, i, l.Length, "Take");
            for (int o = 0; o < l.Outer; o++)
            {
                System.Array.Copy(x.Buffer, x.Offset + (o * l.Length + v) * l.Inner, y.Buffer, y.Offset + (o * count + i) * l.Inner, l.Inner);
            }
        }
    }

    /// <summary>Gathers slices along <paramref name="axis"/> at the given indices (negative ones count from the end), as NumPy's take.</summary>
    public static Tensor Take(Tensor x, int[] indices, int axis = 0) => Take(x, Tensor.FromArray(indices), axis);

    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Concat: needs at least one tensor.", nameof(tensors));
        for (int i = 0; i < tensors.Count; i++)
        {
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"Concat: tensor {i} is null.");
        }
        Tensor first = tensors[0];
        int a = Shape.NormalizeAxis(axis, first.Rank, "Concat");
        DType dtype = tensors.Select(t => t.DType).Aggregate(DTypes.Promote);
        int total = 0;
        foreach (Tensor t in tensors)
        {
            bool same = t.Rank == first.Rank && Enumerable.Range(0, t.Rank).All(i => i == a || t.Shape.Dims[i] == first.Shape.Dims[i]);
            if (!same) throw new ArgumentException($"Concat: shapes {first.Shape} and {t.Shape} differ outside axis {axis}.", nameof(tensors));
            total += t.Shape.Dims[a];
        }
        int[] dims = first.Shape.ToArray();
        dims[a] = total;
        Tensor[] inputs = tensors.Select(t => t.AsType(dtype)).ToArray();
        var kernel = new Kernel("Concat", (x, y) => ConcatInto(x, y, a), $"axis={a}");
        Tensor result = Run(kernel, Shape.Own(dims), dtype, inputs);
        var begins = new int[tensors.Count];
        for (int i = 1; i < tensors.Count; i++) begins[i] = begins[i - 1] + tensors[i - 1].Shape.Dims[a];
        return result.Record([.. tensors], g => tensors.Select((t, i) =>
        {
            int[] begin = new int[t.Rank];
            begin[a] = begins[i];
            return (Tensor?)Slice(g, begin, t.Shape.Dims);
        }).ToArray());
    }

    /// <summary>Joins tensors of one shape along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Stack: needs at least one tensor.", nameof(tensors));
        foreach (Tensor t in tensors)
        {
            if (t.Shape != tensors[0].Shape) throw new ArgumentException($"Stack: all tensors must have one shape; got {tensors[0].Shape} and {t.Shape}.", nameof(tensors));
        }
        int a = InsertionAxis(axis, tensors[0].Shape, "Stack");
        return Concat(tensors.Select(t => ExpandDims(t, a)).ToArray(), a);
    }

    /// <summary>Copies <paramref name="parts"/> side by side along <paramref name="axis"/> into <paramref name="y"/>.</summary>
    private static void ConcatInto(Tensor[] parts, Tensor y, int axis)
    {
        int[] yStrides = y.Shape.Strides();
        int at = 0;
        foreach (Tensor t in parts)
        {
            StridedCopy.Copy(t.Buffer, t.Offset, t.Shape.Strides(), y.Buffer, y.Offset + at * yStrides[axis], yStrides, t.Shape.Dims);
            at += t.Shape.Dims[axis];
        }
    }

    /// <summary>
    /// Pads with zeros, as keras.ops.pad in "constant" mode: <paramref name="padding"/> gives, for each
    /// axis, how many zeros go before and after. The gradient is the slice of the padded region.
    /// </summary>
    public static Tensor Pad(Tensor x, params (int Before, int After)[] padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(padding);
        if (padding.Length != x.Rank) throw new ArgumentException($"Pad: needs one (before, after) pair per axis of shape {x.Shape}, got {padding.Length}.", nameof(padding));
        if (padding.Any(p => p.Before < 0 || p.After < 0)) throw new ArgumentException($"Pad: paddings must be non-negative, got [{string.Join(", ", padding)}].", nameof(padding));
        int[] dims = x.Shape.Dims.Select((d, i) => d + padding[i].Before + padding[i].After).ToArray();
        return Placed(x, Shape.Own(dims), padding.Select(p => p.Before).ToArray());
    }

    /// <summary>Zeros of <paramref name="shape"/> with x written from <paramref name="begin"/>: padding, and the gradient of a slice.</summary>
    private static Tensor Placed(Tensor x, Shape shape, int[] begin)
    {
        int[] strides = shape.Strides();
        int start = 0;
        for (int i = 0; i < begin.Length; i++) start += begin[i] * strides[i];
        var kernel = new Kernel("Pad", (i, z) =>
        {
            System.Array.Clear(z.Buffer, z.Offset, z.Size);
            StridedCopy.Copy(i[0].Buffer, i[0].Offset, i[0].Shape.Strides(), z.Buffer, z.Offset + start, strides, i[0].Shape.Dims);
        }, $"begin=[{string.Join(",", begin)}]")
        {
            Attributes = new PadBegin(begin),
        };
        return Run(kernel, shape, x.DType, x).Record(x, g => Slice(g, begin, x.Shape.Dims));
    }

    /// <summary>The gradient of Take: zeros with each slab of g added where it was taken from (repeated indices add up).</summary>
    private static Tensor TakeGradient(Tensor g, Shape shape, Tensor indices, int axis)
    {
        var kernel = new Kernel("TakeGradient", (x, z) => ScatterAdd(x[0], x[1], z, axis), $"axis={axis}");
        return Run(kernel, shape, DType.Float32, g, indices).Record(g, gg => Take(gg, indices, axis));
    }

    private static void ScatterAdd(Tensor g, Tensor indices, Tensor z, int axis)
    {
        AxisLayout l = AxisLayout.Of(z.Shape, axis);
        ReadOnlySpan<float> src = g.Data<float>();
        Span<float> dst = z.Span<float>();
        dst.Clear();
        int count = indices.Size;
        for (int i = 0; i < count; i++)
        {
            int v = IndexAt(indices, i, l.Length, "Take");
            for (int o = 0; o < l.Outer; o++)
            {
                Span<float> row = dst.Slice((o * l.Length + v) * l.Inner, l.Inner);
                System.Numerics.Tensors.TensorPrimitives.Add(row, src.Slice((o * count + i) * l.Inner, l.Inner), row);
            }
        }
    }

    private static int[] CheckSlice(Tensor x, int[] begin, int[] size)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(size);
        if (begin.Length != x.Rank || size.Length != x.Rank)
        {
            throw new ArgumentException($"Slice: begin [{string.Join(", ", begin)}] and size [{string.Join(", ", size)}] need one entry per axis of shape {x.Shape}.");
        }
        var extent = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            int dim = x.Shape.Dims[i];
            extent[i] = size[i] == -1 ? dim - begin[i] : size[i];
            if (begin[i] < 0 || begin[i] > dim || extent[i] < 0 || begin[i] + extent[i] > dim)
            {
                throw new ArgumentException($"Slice: on axis {i} of shape {x.Shape}, begin {begin[i]} with size {size[i]} falls outside 0..{dim}.");
            }
        }
        return extent;
    }

    private static void RequireIndices(Tensor indices, string op)
    {
        if (indices.DType is not (DType.Int32 or DType.Int64))
        {
            throw new ArgumentException($"{op}: indices must be int32 or int64, got {indices.DType.Name()}.", nameof(indices));
        }
    }

    /// <summary>Index <paramref name="i"/> of <paramref name="indices"/>, negative ones counted from the end, checked against the axis size.</summary>
    private static int IndexAt(Tensor indices, int i, int dim, string op)
    {
        long raw = indices.DType == DType.Int32 ? indices.Data<int>()[i] : indices.Data<long>()[i];
        if (raw is > int.MaxValue or < int.MinValue) throw new ArgumentException($"{op}: an index does not fit in int32.", nameof(indices));
        long v = raw < 0 ? raw + dim : raw;
        if (v < 0 || v >= dim) throw new ArgumentException($"{op}: index {raw} is out of range for an axis of size {dim}.", nameof(indices));
        return (int)v;
    }
}

/// <summary>Where a padded value's input starts in it, per axis (for ONNX export and other backends).</summary>
internal readonly record struct PadBegin(int[] Begin);
