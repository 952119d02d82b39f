using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>Sum, Mean, Max, Min, ArgMax, ArgMin against loops over a (2,3,4) tensor.</summary>
public class ReduceTests
{
    private static readonly int[] Shape3 = [2, 3, 4];

    /// <summary>Values with distinct magnitudes and signs, so every axis and position matters.</summary>
    private static readonly double[] Values3 = Enumerable.Range(0, 24).Select(i => (double)((i * 7) % 24 - 11)).ToArray();

    private static Tensor X3 => Tensor.FromArray(Values3.Select(v => (float)v).ToArray(), Shape3);

    /// <summary>Reduces the given (non-negative) axes of the (2,3,4) values with <paramref name="reduce"/>; returns kept-dims shape too.</summary>
    private static (double[] Values, int[] Shape, int[] KeptShape) Reference(int[] axes, Func<IEnumerable<double>, double> reduce)
    {
        int[] kept = Shape3.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray();
        int[] shape = Shape3.Where((_, i) => !axes.Contains(i)).ToArray();
        var groups = new List<double>[kept.Aggregate(1, (p, d) => p * d)];
        for (int g = 0; g < groups.Length; g++) groups[g] = [];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                {
                    int ki = axes.Contains(0) ? 0 : i, kj = axes.Contains(1) ? 0 : j, kk = axes.Contains(2) ? 0 : k;
                    groups[(ki * kept[1] + kj) * kept[2] + kk].Add(Values3[(i * 3 + j) * 4 + k]);
                }
        return (groups.Select(g => reduce(g)).ToArray(), shape, kept);
    }

    public static TheoryData<int[], int[]> AxisCases => new()
    {
        { [0], [0] }, { [1], [1] }, { [2], [2] }, { [-1], [2] }, { [-3], [0] },
        { [0, 2], [0, 2] }, { [2, 0], [0, 2] }, { [-1, -2], [1, 2] }, { [0, 1, 2], [0, 1, 2] },
    };

    [Theory]
    [MemberData(nameof(AxisCases))]
    public void SumMeanMaxMin_OverAxes_MatchLoops(int[] axes, int[] normalized)
    {
        foreach (bool keep in new[] { false, true })
        {
            var (sum, shape, kept) = Reference(normalized, g => g.Sum());
            Near(Ops.Sum(X3, axes, keep), keep ? kept : shape, sum);
            Near(Ops.Mean(X3, axes, keep), keep ? kept : shape, Reference(normalized, g => g.Average()).Values);
            Near(Ops.Max(X3, axes, keep), keep ? kept : shape, Reference(normalized, g => g.Max()).Values);
            Near(Ops.Min(X3, axes, keep), keep ? kept : shape, Reference(normalized, g => g.Min()).Values);
        }
    }

    [Fact]
    public void SingleAxisOverloads_AgreeWithAxisArrays()
    {
        Near(Ops.Sum(X3, axis: 1), [2, 4], Reference([1], g => g.Sum()).Values);
        Near(X3.Mean(-1, keepDims: true), [2, 3, 1], Reference([2], g => g.Average()).Values);
        Near(X3.Max(0), [3, 4], Reference([0], g => g.Max()).Values);
        Near(X3.Min(2), [2, 3], Reference([2], g => g.Min()).Values);
    }

    [Fact]
    public void NullAxis_ReducesEverything_ToRankZero_OrAllOnesWithKeepDims()
    {
        Near(Ops.Sum(X3), [], [Values3.Sum()]);
        Near(Ops.Mean(X3), [], [Values3.Average()]);
        Near(Ops.Max(X3), [], [Values3.Max()]);
        Near(Ops.Min(X3), [], [Values3.Min()]);
        Near(Ops.Sum(X3, keepDims: true), [1, 1, 1], [Values3.Sum()]);
        Near(Ops.Sum(Tensor.Scalar(2.5f)), [], [2.5]);
    }

    [Fact]
    public void Sum_OfManyFloats_IsAccurate()
    {
        var (x, values) = RandomValues(21, [1000, 3], 0f, 1f);
        Near(Ops.Sum(x), [], [values.Sum()], 1e-5);
        double[] columns = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 1000).Sum(r => values[r * 3 + c])).ToArray();
        Near(Ops.Sum(x, axis: 0), [3], columns, 1e-5);
    }

    [Fact]
    public void IntegerReductions_KeepExactIntegerValues()
    {
        Tensor i = Tensor.FromArray(new[] { 1, -2, 3, 40, 50, -60 }, 2, 3);
        Exactly(Ops.Sum(i, axis: 1), [2], 2, 30);
        Exactly(Ops.Max(i, axis: 0), [3], 40, 50, 3);
        Exactly(Ops.Min(i), [], -60);
        long big = 1L << 40;
        Exactly(Ops.Sum(Tensor.FromArray(new[] { big, 1L })), [], big + 1);
        Near(Ops.Mean(Tensor.FromArray(new[] { 1, 2 })), [], [1.5]);
    }

    [Fact]
    public void Sum_OfUInt8_DoesNotWrapAt256()
    {
        Assert.Equal(600f, Ops.Sum(Tensor.FromArray(new byte[] { 200, 200, 200 })).ToScalar());
        Exactly(Ops.Max(Tensor.FromArray(new byte[] { 3, 250, 7 })), [], (byte)250);
    }

    [Fact]
    public void Sum_OfBools_CountsTrues()
    {
        Tensor b = Tensor.FromArray(new[] { true, false, true, true, true, true }, 2, 3);
        Assert.Equal([2f, 3f], Ops.Sum(b, axis: 1).AsType(DType.Float32).ToArray<float>());
        Assert.Equal(5f, Ops.Sum(b).ToScalar());
        Assert.Equal(2f, Ops.Sum(F([1, 5, 7], 3) > 4f).ToScalar());
    }

    [Fact]
    public void Mean_OfBools_IsTheFractionTrue()
    {
        // As NumPy and keras.ops.mean: an accuracy is the mean of a comparison.
        Near(Ops.Mean(Tensor.FromArray(new[] { true, false, true, true })), [], [0.75]);
    }

    [Fact]
    public void SumOverEmptyAxis_IsZero()
    {
        Near(Ops.Sum(Tensor.Zeros(3, 0), axis: 1), [3], [0, 0, 0]);
        Near(Ops.Sum(Tensor.Zeros(0)), [], [0]);
    }

    [Fact]
    public void ArgMaxArgMin_AlongEachAxis()
    {
        Tensor m = F([3, 9, 1, 7, 2, 8], 2, 3);
        Exactly(Ops.ArgMax(m, 0), [3], 1, 0, 1);
        Exactly(Ops.ArgMax(m, 1), [2], 1, 2);
        Exactly(Ops.ArgMax(m, -1), [2], 1, 2);
        Exactly(Ops.ArgMin(m, 0), [3], 0, 1, 0);
        Exactly(Ops.ArgMin(m, 1), [2], 2, 1);
        Exactly(Ops.ArgMax(m, 1, keepDims: true), [2, 1], 1, 2);
        Exactly(m.ArgMax(0, keepDims: true), [1, 3], 1, 0, 1);
    }

    [Fact]
    public void ArgMax_NullAxis_IndexesTheFlattenedTensor()
    {
        Tensor m = F([3, 9, 1, 7, 20, 8], 2, 3);
        Exactly(Ops.ArgMax(m), [], 4);
        Exactly(Ops.ArgMin(m), [], 2);
        Exactly(Ops.ArgMax(m, keepDims: true), [1, 1], 4);
    }

    [Fact]
    public void ArgMaxArgMin_OnTies_PickTheFirstIndex()
    {
        Exactly(Ops.ArgMax(F([1, 5, 5, 0, 5], 5)), [], 1);
        Exactly(Ops.ArgMin(F([2, 0, 3, 0], 4)), [], 1);
        Exactly(Ops.ArgMax(F([4, 4, 4, 4], 2, 2), 0), [2], 0, 0);
        Exactly(Ops.ArgMax(Tensor.FromArray(new[] { false, true, true })), [], 1);
    }

    [Fact]
    public void ArgMax_PicksTheFirstNaN_AsNumPy()
    {
        Exactly(Ops.ArgMax(F([1, float.NaN, 9, float.NaN], 4)), [], 1);
        Exactly(Ops.ArgMin(F([1, float.NaN, -9], 3)), [], 1);
    }

    [Fact]
    public void ArgMax_OfLargeIntegers_IsExact()
    {
        // 16777216 and 16777217 (2^24, 2^24 + 1) are one float apart only in int arithmetic.
        Exactly(Ops.ArgMax(Tensor.FromArray(new[] { 16777216, 16777217 })), [], 1);
        Exactly(Ops.ArgMin(Tensor.FromArray(new[] { 16777217, 16777216 })), [], 1);
        long big = 1L << 40;
        Exactly(Ops.ArgMax(Tensor.FromArray(new[] { big, big + 1, big - 1 })), [], 1);
    }

    [Fact]
    public void Reductions_ReadSlicedViews()
    {
        Tensor m = F([100, 100, 1, 2, 3, 4], 3, 2);
        Tensor tail = m[1..];
        Near(Ops.Sum(tail), [], [10]);
        Near(Ops.Sum(tail, axis: 0), [2], [4, 6]);
        Near(Ops.Max(tail, axis: 1), [2], [2, 4]);
        Exactly(Ops.ArgMax(tail, 0), [2], 1, 1);
        Exactly(Ops.ArgMax(tail), [], 3);
    }
}
