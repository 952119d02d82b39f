using System.Runtime.CompilerServices;

namespace Strata.Kernels;

/// <summary>
/// An elementwise binary op on rows: both operands full rows, or one of them a single value
/// repeated (a broadcast axis). Implementations delegate to TensorPrimitives where it has the op.
/// </summary>
internal interface IBinaryOp<T, TOut>
{
    static abstract void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<TOut> destination);

    static abstract void RowScalar(ReadOnlySpan<T> x, T y, Span<TOut> destination);

    static abstract void ScalarRow(T x, ReadOnlySpan<T> y, Span<TOut> destination);
}

/// <summary>The one driver for every broadcasting binary op: shapes, strides and rows; the op does the maths.</summary>
internal static class BinaryKernel
{
    public static Tensor Apply<T, TOut, TOp>(Tensor a, Tensor b, Shape outShape)
        where TOp : IBinaryOp<T, TOut>
    {
        var result = new Tensor(outShape, DTypes.Of<TOut>());
        if (outShape.Size == 0) return result;
        if (TryWhole<T, TOut, TOp>(a, b, result)) return result;
        (int[] dims, int[][] strides) = Broadcasting.Coalesce(
            outShape.Dims, Broadcasting.Strides(a.Shape, outShape), Broadcasting.Strides(b.Shape, outShape));
        T[] x = a.Array<T>(), y = b.Array<T>();
        Span<TOut> d = result.Span<TOut>();
        int n = dims.Length == 0 ? 1 : dims[^1];
        bool xRow = dims.Length > 0 && strides[0][^1] == 1, yRow = dims.Length > 0 && strides[1][^1] == 1;
        var walk = new Odometer(dims, strides, [a.Offset, b.Offset]);
        for (int start = 0; start < d.Length; start += n)
        {
            int xo = walk.Offsets[0], yo = walk.Offsets[1];
            Span<TOut> row = d.Slice(start, n);
            if (xRow && yRow) TOp.Rows(x.AsSpan(xo, n), y.AsSpan(yo, n), row);
            else if (xRow) TOp.RowScalar(x.AsSpan(xo, n), y[yo], row);
            else if (yRow) TOp.ScalarRow(x[xo], y.AsSpan(yo, n), row);
            else
            {
                TOp.RowScalar(x.AsSpan(xo, 1), y[yo], row[..1]);
                row.Fill(row[0]);
            }
            walk.Next();
        }
        return result;
    }

    /// <summary>
    /// The common cases in one call, with no stride bookkeeping: both operands of the output's shape,
    /// or one of them a single value (which is also what keeps a tiny eager op cheap). A large output is
    /// split over threads.
    /// </summary>
    private static bool TryWhole<T, TOut, TOp>(Tensor a, Tensor b, Tensor result)
        where TOp : IBinaryOp<T, TOut>
    {
        bool aWhole = a.Shape == result.Shape, bWhole = b.Shape == result.Shape;
        if (!(aWhole && (bWhole || b.Size == 1)) && !(bWhole && a.Size == 1)) return false;
        int parts = ParallelElementwise.Parts<TOut>(result.Size);
        if (parts <= 1) Whole<T, TOut, TOp>(a, aWhole, b, bWhole, result.Span<TOut>(), 0);
        else Split<T, TOut, TOp>(a, aWhole, b, bWhole, result, parts);
        return true;
    }

    // Apart from TryWhole, so that a small op does not allocate the lambda's closure.
    private static void Split<T, TOut, TOp>(Tensor a, bool aWhole, Tensor b, bool bWhole, Tensor result, int parts)
        where TOp : IBinaryOp<T, TOut> =>
        ParallelElementwise.For(result.Size, parts, (begin, end) => Whole<T, TOut, TOp>(a, aWhole, b, bWhole, result.Span<TOut>()[begin..end], begin));

    /// <summary>Output elements from <paramref name="begin"/> on, into <paramref name="d"/>; each operand is whole (of the output's shape) or a single value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Whole<T, TOut, TOp>(Tensor a, bool aWhole, Tensor b, bool bWhole, Span<TOut> d, int begin)
        where TOp : IBinaryOp<T, TOut>
    {
        T[] x = a.Array<T>(), y = b.Array<T>();
        if (aWhole && bWhole) TOp.Rows(x.AsSpan(a.Offset + begin, d.Length), y.AsSpan(b.Offset + begin, d.Length), d);
        else if (aWhole) TOp.RowScalar(x.AsSpan(a.Offset + begin, d.Length), y[b.Offset], d);
        else TOp.ScalarRow(x[a.Offset], y.AsSpan(b.Offset + begin, d.Length), d);
    }
}
