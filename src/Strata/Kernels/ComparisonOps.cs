using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using Strata.Compilation;

namespace Strata.Kernels;

/// <summary>A comparison of two values, turned into a row op by <see cref="CompareOp{T, TCompare}"/>.</summary>
internal interface IComparison<T>
{
    static abstract bool Test(T x, T y);

    /// <summary>The test on whole vectors: all bits set in the lanes where it holds (numeric types only).</summary>
    static abstract Vector<T> TestAll(Vector<T> x, Vector<T> y);

    /// <summary>For a logical op: the same on bools carried as 0 and 1 in float32 (how a fused chain holds them).</summary>
    static virtual SpanZip? OnZeroOne => null;
}

internal readonly struct CompareOp<T, TCompare> : IBinaryOp<T, bool>
    where T : struct
    where TCompare : IComparison<T>
{
    /// <summary>For float32 operands, the comparison as a fused chain computes it: 1 where it holds, 0 elsewhere.</summary>
    public static SpanZip? Fused { get; } = typeof(T) == typeof(float) ? Mask : TCompare.OnZeroOne;

    /// <summary>1 where the test holds and 0 elsewhere, without branches (T is float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Mask(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        ReadOnlySpan<T> a = MemoryMarshal.Cast<float, T>(x), b = MemoryMarshal.Cast<float, T>(y);
        Span<T> r = MemoryMarshal.Cast<float, T>(d);
        int i = 0;
        for (; i <= r.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            Vector.ConditionalSelect(TCompare.TestAll(new Vector<T>(a[i..]), new Vector<T>(b[i..])), Vector<T>.One, Vector<T>.Zero).CopyTo(r[i..]);
        }
        for (; i < r.Length; i++) d[i] = TCompare.Test(a[i], b[i]) ? 1f : 0f;
    }

    public static void Rows(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TCompare.Test(x[i], y[i]);
    }

    public static void RowScalar(ReadOnlySpan<T> x, T y, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TCompare.Test(x[i], y);
    }

    public static void ScalarRow(T x, ReadOnlySpan<T> y, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TCompare.Test(x, y[i]);
    }
}

internal readonly struct EqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x == y;

    public static Vector<T> TestAll(Vector<T> x, Vector<T> y) => Vector.Equals(x, y);
}

internal readonly struct NotEqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x != y;

    public static Vector<T> TestAll(Vector<T> x, Vector<T> y) => ~Vector.Equals(x, y);
}

internal readonly struct LessTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x < y;

    public static Vector<T> TestAll(Vector<T> x, Vector<T> y) => Vector.LessThan(x, y);
}

internal readonly struct LessEqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x <= y;

    public static Vector<T> TestAll(Vector<T> x, Vector<T> y) => Vector.LessThanOrEqual(x, y);
}

internal readonly struct GreaterTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x > y;

    public static Vector<T> TestAll(Vector<T> x, Vector<T> y) => Vector.GreaterThan(x, y);
}

internal readonly struct GreaterEqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x >= y;

    public static Vector<T> TestAll(Vector<T> x, Vector<T> y) => Vector.GreaterThanOrEqual(x, y);
}

internal readonly struct AndTest : IComparison<bool>
{
    /// <summary>x and y on 0/1 values: their product.</summary>
    public static SpanZip? OnZeroOne { get; } = static (x, y, d) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, y, d);

    public static Vector<bool> TestAll(Vector<bool> x, Vector<bool> y) => throw new NotSupportedException("Vector<bool> does not exist; logical ops have no vector form.");

    public static bool Test(bool x, bool y) => x & y;
}

internal readonly struct OrTest : IComparison<bool>
{
    /// <summary>x or y on 0/1 values: their larger.</summary>
    public static SpanZip? OnZeroOne { get; } = static (x, y, d) => System.Numerics.Tensors.TensorPrimitives.Max(x, y, d);

    public static Vector<bool> TestAll(Vector<bool> x, Vector<bool> y) => throw new NotSupportedException("Vector<bool> does not exist; logical ops have no vector form.");

    public static bool Test(bool x, bool y) => x | y;
}
