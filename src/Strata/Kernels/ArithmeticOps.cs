using System.Numerics;
using System.Numerics.Tensors;

namespace Strata.Kernels;

// The arithmetic row ops behind Ops.Add, Subtract, ...: each a thin shell over TensorPrimitives.

internal readonly struct AddOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public static void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void RowScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void ScalarRow(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(y, x, d);
}

internal readonly struct SubtractOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public static void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void RowScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void ScalarRow(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
}

internal readonly struct MultiplyOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public static void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void RowScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void ScalarRow(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(y, x, d);
}

internal readonly struct DivideOp : IBinaryOp<float, float>
{
    public static void Rows(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void RowScalar(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
    public static void ScalarRow(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
}

internal readonly struct MaximumOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public static void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void RowScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void ScalarRow(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(y, x, d);
}

internal readonly struct MinimumOp<T> : IBinaryOp<T, T> where T : INumber<T>
{
    public static void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void RowScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void ScalarRow(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(y, x, d);
}

internal readonly struct PowOp : IBinaryOp<float, float>
{
    public static void Rows(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void RowScalar(ReadOnlySpan<float> x, float y, Span<float> d)
    {
        // Small integer powers are exact products; Pow's exp(y·log x) is not, and fails for x < 0.
        if (y == 2f) TensorPrimitives.Multiply(x, x, d);
        else if (y == 1f) x.CopyTo(d);
        else TensorPrimitives.Pow(x, y, d);
    }
    public static void ScalarRow(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
}
