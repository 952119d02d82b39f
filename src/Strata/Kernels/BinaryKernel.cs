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
}
