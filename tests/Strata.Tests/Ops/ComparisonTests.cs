using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>Comparisons to bool with broadcasting, logical ops and Where.</summary>
public class ComparisonTests
{
    private static readonly Tensor Column = F([1, 2, 3], 3, 1);
    private static readonly Tensor Row = F([1, 2, 3], 1, 3);

    /// <summary>The 3x3 table of op(column[i], row[j]) for i, j in 1..3.</summary>
    private static bool[] Table(Func<int, int, bool> op)
    {
        var t = new bool[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                t[i * 3 + j] = op(i + 1, j + 1);
        return t;
    }

    [Fact]
    public void EveryComparison_BroadcastsColumnAgainstRow_ToBool()
    {
        Exactly(Ops.Equal(Column, Row), [3, 3], Table((a, b) => a == b));
        Exactly(Ops.NotEqual(Column, Row), [3, 3], Table((a, b) => a != b));
        Exactly(Ops.Less(Column, Row), [3, 3], Table((a, b) => a < b));
        Exactly(Ops.LessEqual(Column, Row), [3, 3], Table((a, b) => a <= b));
        Exactly(Ops.Greater(Column, Row), [3, 3], Table((a, b) => a > b));
        Exactly(Ops.GreaterEqual(Column, Row), [3, 3], Table((a, b) => a >= b));
    }

    [Fact]
    public void Operators_CompareWithTensorsAndScalars()
    {
        Tensor x = F([-1, 0, 2.5f], 3), y = F([0, 0, 0], 3);
        Exactly(x < y, [3], true, false, false);
        Exactly(x > y, [3], false, false, true);
        Exactly(x <= y, [3], true, true, false);
        Exactly(x >= y, [3], false, true, true);
        Exactly(x < 0f, [3], true, false, false);
        Exactly(x > 2f, [3], false, false, true);
        Exactly(x <= 0f, [3], true, true, false);
        Exactly(x >= 2.5f, [3], false, false, true);
    }

    [Fact]
    public void Comparisons_PromoteMixedDtypes()
    {
        Tensor i = Tensor.FromArray(new[] { 1, 2, 3 });
        Exactly(Ops.Less(i, Tensor.Scalar(1.5f)), [3], true, false, false);
        Exactly(Ops.Equal(i, Tensor.FromArray(new long[] { 3, 2, 1 })), [3], false, true, false);
        Exactly(Ops.Greater(Tensor.FromArray(new byte[] { 200, 0 }), Tensor.FromArray(new[] { 100, -1 })), [2], true, true);
        Exactly(Ops.Equal(Tensor.FromArray(new[] { true, false }), Tensor.FromArray(new[] { true, true })), [2], true, false);
    }

    [Fact]
    public void Int64Comparisons_AreExactBeyondFloatPrecision()
    {
        long big = (1L << 40) + 1;
        Exactly(Ops.Less(Tensor.FromArray(new[] { big - 1 }), Tensor.FromArray(new[] { big })), [1], true);
        Exactly(Ops.Equal(Tensor.FromArray(new[] { big - 1 }), Tensor.FromArray(new[] { big })), [1], false);
    }

    [Fact]
    public void NaN_IsUnequalToEverything()
    {
        Tensor nan = F([float.NaN], 1);
        Exactly(Ops.Equal(nan, nan), [1], false);
        Exactly(Ops.NotEqual(nan, nan), [1], true);
        Exactly(Ops.Less(nan, F([1], 1)), [1], false);
        Exactly(Ops.GreaterEqual(nan, F([1], 1)), [1], false);
    }

    [Fact]
    public void Comparisons_OfRankZero_AreRankZero()
    {
        Exactly(Ops.Less(Tensor.Scalar(1f), Tensor.Scalar(2f)), [], true);
    }

    [Fact]
    public void LogicalAndOr_Broadcast_AndNotNegates()
    {
        Tensor a = Tensor.FromArray(new[] { true, false }, 2, 1), b = Tensor.FromArray(new[] { true, false, true }, 1, 3);
        Exactly(Ops.LogicalAnd(a, b), [2, 3], true, false, true, false, false, false);
        Exactly(Ops.LogicalOr(a, b), [2, 3], true, true, true, true, false, true);
        Exactly(Ops.LogicalNot(b), [1, 3], false, true, false);
        Exactly(Ops.LogicalAnd(Tensor.Scalar(true), Tensor.Scalar(false)), [], false);
    }

    [Fact]
    public void Where_BroadcastsConditionAndBothBranches()
    {
        Tensor cond = Tensor.FromArray(new[] { true, false, true }, 3, 1);
        Tensor x = F([1, 2, 3, 4], 1, 4);
        Tensor y = Tensor.Scalar(-1f);
        Exactly(Ops.Where(cond, x, y), [3, 4], 1f, 2, 3, 4, -1, -1, -1, -1, 1, 2, 3, 4);
        Exactly(Ops.Where(cond, y, x), [3, 4], -1f, -1, -1, -1, 1, 2, 3, 4, -1, -1, -1, -1);
    }

    [Fact]
    public void Where_ConditionAlongColumns_PicksPerElement()
    {
        Tensor x = F([1, 2, 3, 4, 5, 6], 2, 3);
        Tensor cond = Tensor.FromArray(new[] { false, true, false }); // (3,): one flag per column
        Exactly(Ops.Where(cond, x, F([10, 20], 2, 1)), [2, 3], 10f, 2, 10, 20, 5, 20);
        Exactly(Ops.Where(x > 3f, x, 0f), [2, 3], 0f, 0, 0, 4, 5, 6);
        Exactly(Ops.Where(x > 3f, 0f, x), [2, 3], 1f, 2, 3, 0, 0, 0);
    }

    [Fact]
    public void Where_KeepsIntegerDtype_AndPromotesMixed()
    {
        Tensor cond = Tensor.FromArray(new[] { true, false });
        Exactly(Ops.Where(cond, Tensor.FromArray(new[] { 1, 2 }), Tensor.FromArray(new[] { 8, 9 })), [2], 1, 9);
        Exactly(Ops.Where(cond, Tensor.FromArray(new[] { 1, 2 }), F([0.5f, 0.25f], 2)), [2], 1f, 0.25f);
        Exactly(Ops.Where(cond, Tensor.FromArray(new long[] { 7, 7 }), Tensor.FromArray(new byte[] { 3, 3 })), [2], 7L, 3L);
    }

    [Fact]
    public void ComparisonAndWhere_ReadSlicedViews()
    {
        Tensor m = F([1, 2, 3, 4, 5, 6], 3, 2);
        Exactly(m[1..] > 4f, [2, 2], false, false, true, true);
        Exactly(Ops.Where(m[1..] >= 4f, m[1..], 0f), [2, 2], 0f, 4, 5, 6);
    }
}
