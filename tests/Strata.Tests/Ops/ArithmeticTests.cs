using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>Elementwise arithmetic and math: values by hand, NumPy broadcasting and dtype promotion.</summary>
public class ArithmeticTests
{
    [Fact]
    public void Add_BroadcastsStackOfRowsAgainstMatrix()
    {
        // (4,1,3) + (2,3) -> (4,2,3): out[i,j,k] = a[i,0,k] + b[j,k]
        float[] av = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        float[] bv = [100, 200, 300, 400, 500, 600];
        var expected = new float[24];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 2; j++)
                for (int k = 0; k < 3; k++)
                    expected[(i * 2 + j) * 3 + k] = av[i * 3 + k] + bv[j * 3 + k];
        Exactly(F(av, 4, 1, 3) + F(bv, 2, 3), [4, 2, 3], expected);
        Exactly(F(bv, 2, 3) + F(av, 4, 1, 3), [4, 2, 3], expected);
    }

    [Fact]
    public void Subtract_BroadcastsColumnAgainstRow()
    {
        Tensor column = F([10, 20, 30], 3, 1), row = F([1, 2, 3, 4], 1, 4);
        Exactly(column - row, [3, 4], 9f, 8, 7, 6, 19, 18, 17, 16, 29, 28, 27, 26);
        Exactly(row - column, [3, 4], -9f, -8, -7, -6, -19, -18, -17, -16, -29, -28, -27, -26);
    }

    [Fact]
    public void ScalarOperands_WorkOnEitherSide()
    {
        Tensor x = F([1, 2, 4], 3);
        Exactly(x + 1f, [3], 2f, 3, 5);
        Exactly(1f + x, [3], 2f, 3, 5);
        Exactly(x - 1f, [3], 0f, 1, 3);
        Exactly(1f - x, [3], 0f, -1, -3);
        Exactly(x * 3f, [3], 3f, 6, 12);
        Exactly(3f * x, [3], 3f, 6, 12);
        Exactly(x / 2f, [3], 0.5f, 1, 2);
        Exactly(8f / x, [3], 8f, 4, 2);
        Exactly(x + Tensor.Scalar(0.5f), [3], 1.5f, 2.5f, 4.5f);
    }

    [Fact]
    public void RankZeroOperands_GiveRankZero_AndBroadcastAgainstMatrices()
    {
        Exactly(Tensor.Scalar(3f) * Tensor.Scalar(4f), [], 12f);
        Exactly(Tensor.Scalar(10f) - F([1, 2, 3, 4], 2, 2), [2, 2], 9f, 8, 7, 6);
        Exactly(Ops.Divide(F([1, 2, 3, 4], 2, 2), Tensor.Scalar(4f)), [2, 2], 0.25f, 0.5f, 0.75f, 1);
    }

    [Fact]
    public void IntScalarOperators_KeepInt32OnEitherSide()
    {
        Tensor x = Tensor.FromArray(new[] { 1, 2, 3 });
        Exactly(x + 1, [3], 2, 3, 4);
        Exactly(x - 1, [3], 0, 1, 2);
        Exactly(x * 2, [3], 2, 4, 6);
        // NumPy: 1 + x and x + 1 have the same dtype.
        Assert.Equal((x + 1).DType, (1 + x).DType);
        Assert.Equal((x * 2).DType, (2 * x).DType);
        Assert.Equal((x - 1).DType, (1 - x).DType);
    }

    [Fact]
    public void Int32Arithmetic_IsExact()
    {
        Tensor a = Tensor.FromArray(new[] { 7, -7, 100000, 3 }), b = Tensor.FromArray(new[] { 2, 2, 30000, -4 });
        Exactly(a + b, [4], 9, -5, 130000, -1);
        Exactly(a - b, [4], 5, -9, 70000, 7);
        Exactly(a * b, [4], 14, -14, -1294967296, -12); // 3e9 wraps in int32, as NumPy
    }

    [Fact]
    public void Int64Arithmetic_KeepsValuesBeyondFloatPrecision()
    {
        long big = (1L << 40) + 1;
        Tensor a = Tensor.FromArray(new[] { big, -big }), b = Tensor.FromArray(new[] { 1L, 3L });
        Exactly(a + b, [2], big + 1, -big + 3);
        Exactly(a * b, [2], big, -3 * big);
        Exactly(Ops.Maximum(a, b), [2], big, 3L);
    }

    [Fact]
    public void UInt8Arithmetic_WrapsModulo256()
    {
        Tensor a = Tensor.FromArray(new byte[] { 250, 3, 16 }), b = Tensor.FromArray(new byte[] { 10, 5, 16 });
        Exactly(a + b, [3], (byte)4, (byte)8, (byte)32);
        Exactly(a - b, [3], (byte)240, (byte)254, (byte)0);
        Exactly(a * b, [3], (byte)196, (byte)15, (byte)0);
    }

    [Fact]
    public void Promotion_FloatWins_ThenTheWiderInteger()
    {
        Tensor i32 = Tensor.FromArray(new[] { 1, 2 }), f32 = F([0.5f, 0.25f], 2);
        Tensor i64 = Tensor.FromArray(new[] { 10L, 20L }), u8 = Tensor.FromArray(new byte[] { 200, 100 });
        Tensor b = Tensor.FromArray(new[] { true, false });
        Exactly(i32 + f32, [2], 1.5f, 2.25f);
        Exactly(f32 + i32, [2], 1.5f, 2.25f);
        Exactly(i32 + i64, [2], 11L, 22L);
        Exactly(u8 + i32, [2], 201, 102);      // no uint8 wrap: computed in int32
        Exactly(u8 * f32, [2], 100f, 25f);
        Exactly(b + i32, [2], 2, 2);           // bool counts as 0/1 next to a number
    }

    [Fact]
    public void Divide_OfIntegers_IsTrueDivisionInFloat32()
    {
        Tensor a = Tensor.FromArray(new[] { 7, -7, 1, 0 }), b = Tensor.FromArray(new[] { 2, 2, 0, 0 });
        Tensor q = a / b;
        Assert.Equal(DType.Float32, q.DType);
        float[] v = q.ToArray<float>();
        Assert.Equal(3.5f, v[0]);
        Assert.Equal(-3.5f, v[1]);
        Assert.Equal(float.PositiveInfinity, v[2]);
        Assert.True(float.IsNaN(v[3]));
        Exactly(Tensor.FromArray(new byte[] { 3 }) / Tensor.FromArray(new long[] { 4 }), [1], 0.75f);
    }

    [Fact]
    public void Pow_ExactForSmallIntegerPowers_IncludingNegativeBases()
    {
        Exactly(Ops.Pow(F([2, 3, -2, 0], 4), F([3, 2, 3, 0], 4)), [4], 8f, 9, -8, 1);
        Exactly(Ops.Pow(F([-3, 1.5f, 0], 3), 2f), [3], 9f, 2.25f, 0);
        Exactly(Ops.Pow(F([-2, 2], 2), 3f), [2], -8f, 8);
        Exactly(Ops.Pow(Tensor.Scalar(2f), F([0, 1, 10, -1], 4)), [4], 1f, 2, 1024, 0.5f);
    }

    [Fact]
    public void Pow_FractionalExponents_MatchDoublePrecision()
    {
        Tensor x = F([0.25f, 2, 9, 10], 4);
        Near(Ops.Pow(x, 0.5f), [4], [0.5, Math.Sqrt(2), 3, Math.Sqrt(10)]);
        Near(Ops.Pow(x, F([1.5f, -0.5f, 0.5f, 3.3f], 4)), [4],
            [Math.Pow(0.25, 1.5), Math.Pow(2, -0.5), 3, Math.Pow(10, 3.3f)], 1e-5);
        Near(Ops.Pow(F([-8], 1), 1f / 3f), [1], [double.NaN]); // a negative base with a fractional power
        Exactly(Ops.Pow(Tensor.FromArray(new[] { 2, 3 }), Tensor.FromArray(new[] { 3, 2 })), [2], 8f, 9f);
    }

    [Fact]
    public void MaximumAndMinimum_BroadcastAndKeepIntegerDtype()
    {
        Tensor x = F([1, 5, -2, 8], 2, 2), y = F([3, 0], 2);
        Exactly(Ops.Maximum(x, y), [2, 2], 3f, 5, 3, 8);
        Exactly(Ops.Minimum(x, y), [2, 2], 1f, 0, -2, 0);
        Tensor i = Tensor.FromArray(new[] { -4, 9 });
        Exactly(Ops.Maximum(i, Tensor.Scalar(0)), [2], 0, 9);
        Exactly(Ops.Minimum(i, Tensor.Scalar(0)), [2], -4, 0);
        Near(Ops.Maximum(F([float.NaN, 1], 2), F([0, float.NaN], 2)), [2], [double.NaN, double.NaN]);
    }

    [Fact]
    public void Clip_LimitsToInclusiveBounds_AndKeepsNaN()
    {
        Exactly(Ops.Clip(F([-5, -1, 0, 0.5f, 1, 7], 6), -1f, 1f), [6], -1f, -1, 0, 0.5f, 1, 1);
        Exactly(Ops.Clip(F([3, -3], 2), 2f, 2f), [2], 2f, 2);
        Assert.True(float.IsNaN(Ops.Clip(F([float.NaN], 1), 0f, 1f).ToArray<float>()[0]));
        Assert.Equal([0f, 5f, 10f], Ops.Clip(Tensor.FromArray(new[] { -3, 5, 99 }), 0f, 10f).AsType(DType.Float32).ToArray<float>());
    }

    [Fact]
    public void Negative_OfFloatAndIntegers()
    {
        Exactly(-F([1.5f, -2, 0], 3), [3], -1.5f, 2, 0);
        Exactly(Ops.Negative(Tensor.FromArray(new[] { 3, -4 })), [2], -3, 4);
        Exactly(Ops.Negative(Tensor.FromArray(new[] { 5L })), [1], -5L);
    }

    [Fact]
    public void Abs_OfFloatAndSignedIntegers()
    {
        Exactly(Ops.Abs(F([-1.5f, 2, -0f, float.NegativeInfinity], 4)), [4], 1.5f, 2, 0, float.PositiveInfinity);
        Exactly(Ops.Abs(Tensor.FromArray(new[] { -3, 4, 0 })), [3], 3, 4, 0);
        Exactly(Ops.Abs(Tensor.FromArray(new[] { -3L })), [1], 3L);
    }

    [Fact]
    public void Abs_OfUInt8_IsTheIdentity()
    {
        // NumPy: np.abs(np.uint8([5, 200, 0])) == [5, 200, 0]
        Exactly(Ops.Abs(Tensor.FromArray(new byte[] { 5, 200, 0, 127 })), [4], (byte)5, (byte)200, (byte)0, (byte)127);
    }

    [Fact]
    public void Square_OfFloatAndInt()
    {
        Exactly(Ops.Square(F([-3, 0.5f, 0], 3)), [3], 9f, 0.25f, 0);
        Exactly(Ops.Square(Tensor.FromArray(new[] { -3, 4 })), [2], 9, 16);
    }

    [Fact]
    public void Sqrt_ExactSquaresAndNaNForNegatives()
    {
        Near(Ops.Sqrt(F([0, 1, 4, 2, -1], 5)), [5], [0, 1, 2, Math.Sqrt(2), double.NaN]);
        Exactly(Ops.Sqrt(Tensor.FromArray(new[] { 9, 16 })), [2], 3f, 4f);
    }

    [Fact]
    public void Exp_MatchesDoublePrecision_OverflowsToInfinity()
    {
        float[] x = [0, 1, -1, 10, -10, 88, -104, 100];
        Near(Ops.Exp(F(x, 8)), [8], x.Select(v => v == 100 ? double.PositiveInfinity : Math.Exp(v)).ToArray(), 2e-6);
        Exactly(Ops.Exp(Tensor.FromArray(new[] { 0 })), [1], 1f);
    }

    [Fact]
    public void Log_OfZeroIsMinusInfinity_OfNegativeIsNaN()
    {
        Near(Ops.Log(F([1, MathF.E, 0, -1, 1e-30f, 1e30f], 6)), [6],
            [0, 1, double.NegativeInfinity, double.NaN, Math.Log(1e-30f), Math.Log(1e30f)]);
        Near(Ops.Log(Tensor.FromArray(new[] { 1, 100 })), [2], [0, Math.Log(100)]);
    }

    [Fact]
    public void Sign_GivesMinusOneZeroOne_KeepsNaN_AndKeepsDtype()
    {
        Near(Ops.Sign(F([-3, 0, 2.5f, float.NaN, -0f, float.PositiveInfinity], 6)), [6], [-1, 0, 1, double.NaN, 0, 1]);
        Exactly(Ops.Sign(Tensor.FromArray(new[] { -7, 0, 9 })), [3], -1, 0, 1);
        Exactly(Ops.Sign(Tensor.FromArray(new long[] { -(1L << 40) })), [1], -1L);
    }

    [Fact]
    public void ElementwiseOps_ReadSlicedViewsFromTheirOffset()
    {
        Tensor m = F([1, 2, 3, 4, 5, 6], 3, 2);
        Tensor tail = m[1..];                       // rows [3,4],[5,6], sharing m's storage
        Exactly(tail + F([10, 20], 2), [2, 2], 13f, 24, 15, 26);
        Exactly(Ops.Square(tail), [2, 2], 9f, 16, 25, 36);
        Exactly(-tail, [2, 2], -3f, -4, -5, -6);
        Near(Ops.Exp(m[2]), [2], [Math.Exp(5), Math.Exp(6)], 2e-6);
    }
}
