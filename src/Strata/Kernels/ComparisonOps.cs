using System.Numerics;

namespace Strata.Kernels;

/// <summary>A comparison of two values, turned into a row op by <see cref="CompareOp{T, TCompare}"/>.</summary>
internal interface IComparison<T>
{
    static abstract bool Test(T x, T y);
}

internal readonly struct CompareOp<T, TCompare> : IBinaryOp<T, bool>
    where TCompare : IComparison<T>
{
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
}

internal readonly struct NotEqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x != y;
}

internal readonly struct LessTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x < y;
}

internal readonly struct LessEqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x <= y;
}

internal readonly struct GreaterTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x > y;
}

internal readonly struct GreaterEqualTest<T> : IComparison<T> where T : INumber<T>
{
    public static bool Test(T x, T y) => x >= y;
}

internal readonly struct AndTest : IComparison<bool>
{
    public static bool Test(bool x, bool y) => x & y;
}

internal readonly struct OrTest : IComparison<bool>
{
    public static bool Test(bool x, bool y) => x | y;
}
