using Strata.Tests.Autodiff;

namespace Strata.Tests.OpsTests;

public class Log1pTests
{
    [Fact]
    public void Values_AreAccurateForTinyAndOrdinaryArguments()
    {
        float[] x = [0f, 1e-10f, -1e-10f, 1e-5f, 0.5f, 3f, -0.5f, 1e30f];
        float[] got = Ops.Log1p(Tensor.FromArray(x)).ToArray<float>();
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Log(1 + (double)x[i]);
            if (Math.Abs(x[i]) < 1e-4) expected = x[i] - (double)x[i] * x[i] / 2; // where 1 + x loses digits even in double
            Assert.True(Math.Abs(got[i] - expected) <= 2e-7 * Math.Max(Math.Abs(expected), 1e-30), $"log1p({x[i]}) = {got[i]}, expected {expected}");
        }
    }

    [Fact]
    public void EdgeCases_FollowIeee()
    {
        float[] got = Ops.Log1p(Tensor.FromArray(new[] { -1f, -2f, float.PositiveInfinity, float.NaN })).ToArray<float>();
        Assert.Equal(float.NegativeInfinity, got[0]);
        Assert.True(float.IsNaN(got[1]));
        Assert.Equal(float.PositiveInfinity, got[2]);
        Assert.True(float.IsNaN(got[3]));
    }

    [Fact]
    public void IntegersConvert_AndBoolIsRejected()
    {
        Assert.Equal(MathF.Log(2f), Ops.Log1p(Tensor.FromArray(new[] { 1 })).ToArray<float>()[0], 6);
        Assert.ThrowsAny<ArgumentException>(() => Ops.Log1p(Tensor.FromArray(new[] { true })));
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences() =>
        GradientCheck.Check(x => Ops.Log1p(x[0]), Tensor.Uniform([2, 3], -0.5f, 2f, seed: 3));
}
