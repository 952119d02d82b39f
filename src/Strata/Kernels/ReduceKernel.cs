using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using Strata.Compilation;

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
    public static Tensor Reduce(Tensor x, int axis, ReduceKind kind, string op)
    {
        Kernel kernel = x.DType switch
        {
            // A matrix's row sums and maxima are also row forms, which the compiler fuses with the ops around them.
            DType.Float32 when x.Rank == 2 && axis == 1 && kind != ReduceKind.Min => For<float>(axis, kind, op, new RowForm.Reduce(kind)),
            DType.Float32 => For<float>(axis, kind, op),
            DType.Int32 => For<int>(axis, kind, op),
            DType.Int64 => For<long>(axis, kind, op),
            DType.UInt8 => For<byte>(axis, kind, op),
            DType.Bool => throw new ArgumentException($"{op}: not defined on bool tensors; convert first with AsType(DType.Int32)."),
            _ => throw new ArgumentException($"{op}: not defined on {x.DType.Name()} tensors; turn texts into numbers first (TextVectorization)."),
        };
        return Ops.Run(kernel, Shape.Own(x.Shape.Dims.Where((_, i) => i != axis).ToArray()), x.DType, x);
    }

    private static Kernel For<T>(int axis, ReduceKind kind, string op, RowForm? row = null)
        where T : struct, INumber<T>, IMinMaxValue<T> =>
        new(kind.ToString(), (x, y) => Reduce<T>(x[0], y, axis, kind, op), $"axis={axis}") { Row = row, Reduction = new ReductionForm(kind, axis) };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Reduce<T>(Tensor x, Tensor y, int axis, ReduceKind kind, string op)
        where T : struct, INumber<T>, IMinMaxValue<T>
    {
        AxisLayout l = AxisLayout.Of(x.Shape, axis);
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
            if (l.Length == 0)
            {
                acc.Clear(); // an empty sum is zero
                continue;
            }
            slab[..l.Inner].CopyTo(acc);
            if (kind == ReduceKind.Sum && typeof(T) == typeof(float) && l.Inner <= 256)
            {
                // Short rows (a bias's gradient over many positions): vector adds in place of a call per row.
                AddRows(MemoryMarshal.Cast<T, float>(slab), l.Inner, l.Length, MemoryMarshal.Cast<T, float>(acc));
                continue;
            }
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
    }

    /// <summary>The index of the first largest (or smallest) element along an axis, as int32; a NaN wins.</summary>
    /// <summary>acc += rows 1.. of the slab, row by row (the same sums, in the same order, as one TensorPrimitives.Add per row).</summary>
    private static void AddRows(ReadOnlySpan<float> slab, int inner, int length, Span<float> acc)
    {
        int width = Vector<float>.Count, vectorEnd = inner - (inner % width);
        for (int k = 1; k < length; k++)
        {
            ReadOnlySpan<float> row = slab.Slice(k * inner, inner);
            int j = 0;
            for (; j < vectorEnd; j += width) (new Vector<float>(acc[j..]) + new Vector<float>(row[j..])).CopyTo(acc[j..]);
            for (; j < inner; j++) acc[j] += row[j];
        }
    }

    public static Tensor ArgExtreme(Tensor x, int axis, bool max, string op)
    {
        if (x.DType == DType.Bool) x = x.AsType(DType.UInt8); // bools compare as 0 and 1
        Kernel kernel = x.DType switch
        {
            DType.Float32 => ArgKernel<float>(axis, max, op),
            DType.Int32 => ArgKernel<int>(axis, max, op),
            DType.Int64 => ArgKernel<long>(axis, max, op),
            _ => ArgKernel<byte>(axis, max, op),
        };
        return Ops.Run(kernel, Shape.Own(x.Shape.Dims.Where((_, i) => i != axis).ToArray()), DType.Int32, x);
    }

    private static Kernel ArgKernel<T>(int axis, bool max, string op) where T : INumber<T> =>
        new(op, (x, y) => ArgExtreme<T>(x[0], y, axis, max, op), $"axis={axis}")
        {
            Reduction = new ReductionForm(max ? ReduceKind.Max : ReduceKind.Min, axis, Index: true),
        };

    private static void ArgExtreme<T>(Tensor x, Tensor y, int axis, bool max, string op) where T : INumber<T>
    {
        AxisLayout l = AxisLayout.Of(x.Shape, axis);
        if (l.Length == 0 && y.Size > 0) throw new ArgumentException($"{op}: axis {axis} of shape {x.Shape} is empty; there is no element to pick.");
        ReadOnlySpan<T> src = x.Data<T>();
        Span<int> dst = y.Span<int>();
        for (int o = 0; o < l.Outer; o++)
        {
            for (int j = 0; j < l.Inner; j++) dst[o * l.Inner + j] = BestIndex(src, o * l.Length * l.Inner + j, l.Length, l.Inner, max);
        }
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
