using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Strata.Compilation;

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

    /// <summary>For an op on float32 with another result type (a comparison): its float form for fused chains, if any.</summary>
    static virtual SpanZip? Fused => null;
}

/// <summary>The one driver for every broadcasting binary op: shapes, strides and rows; the op does the maths.</summary>
internal static class BinaryKernel
{
    /// <summary>
    /// The kernel of a binary op: TOp on broadcast operands of type T into TOut. One kernel per op serves
    /// every eager call (working out its broadcast walk each time); a graph node gets its own copy,
    /// which keeps the walk for the next replay.
    /// </summary>
    public static Kernel For<T, TOut, TOp>(string name)
        where T : struct
        where TOut : struct
        where TOp : IBinaryOp<T, TOut> =>
        Shared<T, TOut, TOp>.Kernel ??= Create<T, TOut, TOp>(name, layout: null);

    private static Kernel Create<T, TOut, TOp>(string name, Layout? layout)
        where T : struct
        where TOut : struct
        where TOp : IBinaryOp<T, TOut> =>
        new(name, (x, y) => Apply<T, TOut, TOp>(x[0], x[1], y, layout))
        {
            Element = FormOf<T, TOut, TOp>(),
            ForNode = layout is null ? () => Create<T, TOut, TOp>(name, new Layout()) : null,
        };

    private static class Shared<T, TOut, TOp>
    {
        public static Kernel? Kernel;
    }

    /// <summary>The op on float32 spans, for fusion: float results as they are, comparisons and logical ops on 1 or 0.</summary>
    private static ElementForm? FormOf<T, TOut, TOp>()
        where T : struct
        where TOut : struct
        where TOp : IBinaryOp<T, TOut>
    {
        if (typeof(T) == typeof(float) && typeof(TOut) == typeof(float))
        {
            return new ElementForm.Binary(
                static (x, y, d) => TOp.Rows(MemoryMarshal.Cast<float, T>(x), MemoryMarshal.Cast<float, T>(y), MemoryMarshal.Cast<float, TOut>(d)),
                static (x, y, d) => TOp.RowScalar(MemoryMarshal.Cast<float, T>(x), Unsafe.As<float, T>(ref y), MemoryMarshal.Cast<float, TOut>(d)),
                static (x, y, d) => TOp.ScalarRow(Unsafe.As<float, T>(ref y), MemoryMarshal.Cast<float, T>(x), MemoryMarshal.Cast<float, TOut>(d)));
        }
        return TOp.Fused is SpanZip mask ? new ElementForm.Binary(mask) : null;
    }

    /// <summary>
    /// How the broadcast operands are walked, worked out on a kernel's first run and kept for the
    /// next ones (a compiled step replays one kernel on the same shapes).
    /// </summary>
    private sealed class Layout
    {
        public Shape A, B, Result;
        public int[] Dims = [];
        public int[][] Strides = [];
        public int[] Offsets = new int[2];
        public int[] Index = [];

        public void Prepare(Shape a, Shape b, Shape result)
        {
            if (Dims.Length > 0 && a == A && b == B && result == Result) return;
            (Dims, Strides) = Broadcasting.Coalesce(result.Dims, Broadcasting.Strides(a, result), Broadcasting.Strides(b, result));
            Index = new int[Math.Max(Dims.Length - 1, 0)];
            (A, B, Result) = (a, b, result);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Apply<T, TOut, TOp>(Tensor a, Tensor b, Tensor result, Layout? kept)
        where TOp : IBinaryOp<T, TOut>
    {
        if (result.Size == 0) return;
        if (TryWhole<T, TOut, TOp>(a, b, result)) return;
        Layout layout = kept ?? new Layout();
        layout.Prepare(a.Shape, b.Shape, result.Shape);
        int[] dims = layout.Dims;
        int[][] strides = layout.Strides;
        T[] x = a.Array<T>(), y = b.Array<T>();
        Span<TOut> d = result.Span<TOut>();
        int n = dims.Length == 0 ? 1 : dims[^1];
        bool xRow = dims.Length > 0 && strides[0][^1] == 1, yRow = dims.Length > 0 && strides[1][^1] == 1;
        layout.Offsets[0] = a.Offset;
        layout.Offsets[1] = b.Offset;
        var walk = new Odometer(dims, strides, layout.Offsets, layout.Index);
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
    }

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Whole<T, TOut, TOp>(Tensor a, bool aWhole, Tensor b, bool bWhole, Span<TOut> d, int begin)
        where TOp : IBinaryOp<T, TOut>
    {
        T[] x = a.Array<T>(), y = b.Array<T>();
        if (aWhole && bWhole) TOp.Rows(x.AsSpan(a.Offset + begin, d.Length), y.AsSpan(b.Offset + begin, d.Length), d);
        else if (aWhole) TOp.RowScalar(x.AsSpan(a.Offset + begin, d.Length), y[b.Offset], d);
        else TOp.ScalarRow(x[a.Offset], y.AsSpan(b.Offset + begin, d.Length), d);
    }
}
