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
            : StridedCopy.Gather(x, x.Offset + start, strides, Shape.Own(extent));
        return y.Record(x, g => SliceGradient(g, x.Shape, begin));
    }

    /// <summary>Gathers slices along <paramref name="axis"/> at the given indices (negative ones count from the end).</summary>
    public static Tensor Take(Tensor x, Tensor indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int a = Shape.NormalizeAxis(axis, x.Rank, "Take");
        int[] idx = CheckIndices(indices, x.Shape.Dims[a], "Take");
        AxisLayout l = AxisLayout.Of(x.Shape, a);
        int[] dims = [.. x.Shape.Dims[..a], .. indices.Shape.Dims, .. x.Shape.Dims[(a + 1)..]];
        var y = new Tensor(Shape.Own(dims), x.DType);
        for (int o = 0; o < l.Outer; o++)
        {
            for (int i = 0; i < idx.Length; i++)
            {
                System.Array.Copy(x.Buffer, x.Offset + (o * l.Length + idx[i]) * l.Inner, y.Buffer, (o * idx.Length + i) * l.Inner, l.Inner);
            }
        }
        return y.Record(x, g => TakeGradient(g, x.Shape, indices, idx, a));
    }

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
        var y = new Tensor(Shape.Own(dims), dtype);
        int[] yStrides = y.Shape.Strides();
        var begins = new int[tensors.Count];
        for (int i = 0, at = 0; i < tensors.Count; at += tensors[i].Shape.Dims[a], i++)
        {
            begins[i] = at;
            Tensor t = tensors[i].AsType(dtype);
            StridedCopy.Copy(t.Buffer, t.Offset, t.Shape.Strides(), y.Buffer, at * yStrides[a], yStrides, t.Shape.Dims);
        }
        return y.Record([.. tensors], g => tensors.Select((t, i) =>
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

    /// <summary>Zeros of <paramref name="shape"/> with <paramref name="g"/> written at <paramref name="begin"/>: the gradient of a slice.</summary>
    private static Tensor SliceGradient(Tensor g, Shape shape, int[] begin)
    {
        var z = new Tensor(shape, DType.Float32);
        int[] strides = shape.Strides();
        int start = 0;
        for (int i = 0; i < begin.Length; i++) start += begin[i] * strides[i];
        StridedCopy.Copy(g.Buffer, g.Offset, g.Shape.Strides(), z.Buffer, start, strides, g.Shape.Dims);
        return z.Record(g, gg => Slice(gg, begin, g.Shape.Dims));
    }

    /// <summary>Zeros of <paramref name="shape"/> with each row of <paramref name="g"/> added at its index: the gradient of Take.</summary>
    private static Tensor TakeGradient(Tensor g, Shape shape, Tensor indices, int[] idx, int axis)
    {
        var z = new Tensor(shape, DType.Float32);
        AxisLayout l = AxisLayout.Of(shape, axis);
        ReadOnlySpan<float> src = g.Data<float>();
        Span<float> dst = z.Span<float>();
        for (int o = 0; o < l.Outer; o++)
        {
            for (int i = 0; i < idx.Length; i++)
            {
                Span<float> row = dst.Slice((o * l.Length + idx[i]) * l.Inner, l.Inner);
                System.Numerics.Tensors.TensorPrimitives.Add(row, src.Slice((o * idx.Length + i) * l.Inner, l.Inner), row);
            }
        }
        return z.Record(g, gg => Take(gg, indices, axis));
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

    private static int[] CheckIndices(Tensor indices, int dim, string op)
    {
        int[] idx = indices.DType switch
        {
            DType.Int32 => indices.ToArray<int>(),
            DType.Int64 => indices.AsType(DType.Int32).ToArray<int>(),
            _ => throw new ArgumentException($"{op}: indices must be int32 or int64, got {indices.DType.Name()}.", nameof(indices)),
        };
        if (indices.DType == DType.Int64 && indices.Data<long>().ToArray().Any(v => v is > int.MaxValue or < int.MinValue))
        {
            throw new ArgumentException($"{op}: an index does not fit in int32.", nameof(indices));
        }
        for (int i = 0; i < idx.Length; i++)
        {
            int v = idx[i] < 0 ? idx[i] + dim : idx[i];
            if (v < 0 || v >= dim) throw new ArgumentException($"{op}: index {idx[i]} is out of range for an axis of size {dim}.", nameof(indices));
            idx[i] = v;
        }
        return idx;
    }
}
