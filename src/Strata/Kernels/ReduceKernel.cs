using System.Numerics;
using System.Numerics.Tensors;

namespace Strata.Kernels;

internal enum ReduceKind
{
    Sum,
    Max,
    Min,
}

/// <summary>Reductions along one axis of a contiguous tensor, in the (outer, length, inner) layout.</summary>
internal static class ReduceKernel
{
    /// <summary>Reduces <paramref name="axis"/> away (the result has rank one less).</summary>
    public static Tensor Reduce(Tensor x, int axis, ReduceKind kind, string op) => x.DType switch
    {
        DType.Float32 => Reduce<float>(x, axis, kind, op),
        DType.Int32 => Reduce<int>(x, axis, kind, op),
        DType.Int64 => Reduce<long>(x, axis, kind, op),
        DType.UInt8 => Reduce<byte>(x, axis, kind, op),
        _ => throw new ArgumentException($"{op}: not defined on bool tensors; convert first with AsType(DType.Int32)."),
    };

    private static Tensor Reduce<T>(Tensor x, int axis, ReduceKind kind, string op)
        where T : INumber<T>, IMinMaxValue<T>
    {
        AxisLayout l = AxisLayout.Of(x.Shape, axis);
        int[] dims = x.Shape.Dims.Where((_, i) => i != axis).ToArray();
        var y = new Tensor(Shape.Own(dims), x.DType);
        if (l.Length == 0 && kind != ReduceKind.Sum && y.Size > 0)
        {
            throw new ArgumentException($"{op}: cannot reduce axis {axis} of shape {x.Shape}: it is empty and has no {kind.ToString().ToLowerInvariant()}imum.");
        }
        ReadOnlySpan<T> src = x.Data<T>();
        Span<T> dst = y.Span<T>();
        int block = l.Length * l.Inner;
        for (int o = 0; o < l.Outer; o++)
        {
            ReadOnlySpan<T> slab = src.Slice(o * block, block);
            if (l.Inner == 1)
            {
                dst[o] = kind switch
                {
                    ReduceKind.Sum => TensorPrimitives.Sum(slab),
                    ReduceKind.Max => TensorPrimitives.Max(slab),
                    _ => TensorPrimitives.Min(slab),
                };
                continue;
            }
            Span<T> acc = dst.Slice(o * l.Inner, l.Inner);
            if (l.Length == 0) continue; // an empty sum is zero
            slab[..l.Inner].CopyTo(acc);
            for (int k = 1; k < l.Length; k++)
            {
                ReadOnlySpan<T> row = slab.Slice(k * l.Inner, l.Inner);
                switch (kind)
                {
                    case ReduceKind.Sum: TensorPrimitives.Add(acc, row, acc); break;
                    case ReduceKind.Max: TensorPrimitives.Max(acc, row, acc); break;
                    default: TensorPrimitives.Min(acc, row, acc); break;
                }
            }
        }
        return y;
    }

    /// <summary>The index of the first largest (or smallest) element along an axis, as int32; a NaN wins.</summary>
    public static Tensor ArgExtreme(Tensor x, int axis, bool max, string op) => x.DType switch
    {
        DType.Float32 => ArgExtreme<float>(x, axis, max, op),
        DType.Int32 => ArgExtreme<int>(x, axis, max, op),
        DType.Int64 => ArgExtreme<long>(x, axis, max, op),
        _ => ArgExtreme<byte>(x.AsType(DType.UInt8), axis, max, op), // bools compare as 0 and 1
    };

    private static Tensor ArgExtreme<T>(Tensor x, int axis, bool max, string op) where T : INumber<T>
    {
        AxisLayout l = AxisLayout.Of(x.Shape, axis);
        int[] dims = x.Shape.Dims.Where((_, i) => i != axis).ToArray();
        var y = new Tensor(Shape.Own(dims), DType.Int32);
        if (l.Length == 0 && y.Size > 0) throw new ArgumentException($"{op}: axis {axis} of shape {x.Shape} is empty; there is no element to pick.");
        ReadOnlySpan<T> src = x.Data<T>();
        Span<int> dst = y.Span<int>();
        for (int o = 0; o < l.Outer; o++)
        {
            for (int j = 0; j < l.Inner; j++) dst[o * l.Inner + j] = BestIndex(src, o * l.Length * l.Inner + j, l.Length, l.Inner, max);
        }
        return y;
    }

    /// <summary>The index of a row's largest value, as ArgMax picks it: the first of ties, the first NaN if any.</summary>
    public static int ArgMax(ReadOnlySpan<float> row) => BestIndex(row, 0, row.Length, 1, max: true);

    /// <summary>
    /// Which of the <paramref name="length"/> values from <paramref name="start"/>, <paramref name="stride"/> apart,
    /// is the largest (or smallest): the first of ties, the first NaN if any.
    /// </summary>
    private static int BestIndex<T>(ReadOnlySpan<T> src, int start, int length, int stride, bool max) where T : INumber<T>
    {
        int best = 0;
        T bestValue = src[start];
        for (int k = 1; k < length && !T.IsNaN(bestValue); k++)
        {
            T v = src[start + k * stride];
            if (T.IsNaN(v) || (max ? v > bestValue : v < bestValue))
            {
                best = k;
                bestValue = v;
            }
        }
        return best;
    }
}
