using Strata.Losses;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Losses;

/// <summary>The cases of Keras's HuberLossTest (keras/src/losses/losses_test.py), against its double-precision reference.</summary>
public class HuberTests
{
    private static readonly double[] PredValues = [0.9, 0.2, 0.2, 0.8, 0.4, 0.6];
    private static readonly double[] TrueValues = [1.0, 0.0, 1.0, 1.0, 0.0, 0.0];

    private static Tensor YPred(params int[] shape) => F(PredValues.Select(v => (float)v).ToArray(), shape);
    private static Tensor YTrue(params int[] shape) => F(TrueValues.Select(v => (float)v).ToArray(), shape);

    /// <summary>Keras's test reference: ½·min(|e|, δ)² + δ·(|e| - min(|e|, δ)), elementwise.</summary>
    private static double[] Reference(double delta = 1.0) => PredValues.Zip(TrueValues, (p, t) =>
    {
        double abs = Math.Abs(p - t), quadratic = Math.Min(abs, delta);
        return 0.5 * quadratic * quadratic + delta * (abs - quadratic);
    }).ToArray();

    [Fact]
    public void NameAndDelta()
    {
        var huber = new Huber(delta: 2f, reduction: "sum", name: "huber");
        Assert.Equal("huber", huber.Name);
        Assert.Equal("sum", huber.Reduction);
        Assert.Equal(2f, huber.Delta);
        Assert.Equal("huber_loss", new Huber().Name);
    }

    [Fact] // test_all_correct
    public void AllCorrect() => Near(0, new Huber().Call(YTrue(2, 3), YTrue(2, 3)), 1e-7);

    [Fact] // test_unweighted
    public void Unweighted() => Near(Reference().Sum() / 6, new Huber().Call(YTrue(2, 3), YPred(2, 3)), 1e-6);

    [Fact] // test_scalar_weighted (twice: the loss object keeps no state)
    public void ScalarWeighted()
    {
        var huber = new Huber();
        Near(2.3 * Reference().Sum() / 6, huber.Call(YTrue(2, 3), YPred(2, 3), S(2.3f)), 1e-6);
        Near(2.3 * Reference().Sum() / 6, huber.Call(YTrue(2, 3), YPred(2, 3), S(2.3f)), 1e-6);
    }

    [Fact] // test_sample_weighted
    public void SampleWeighted()
    {
        double[] w = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4];
        double expected = Reference().Zip(w, (l, x) => l * x).Sum() / 6;
        Near(expected, new Huber().Call(YTrue(2, 3), YPred(2, 3), F([1.2f, 3.4f], 2, 1)), 1e-6);
    }

    [Fact] // test_timestep_weighted: (2, 3, 1) values, (2, 3, 1) weights
    public void TimestepWeighted()
    {
        double[] w = [3, 6, 5, 0, 4, 2];
        double expected = Reference().Zip(w, (l, x) => l * x).Sum() / 6;
        Near(expected, new Huber().Call(YTrue(2, 3, 1), YPred(2, 3, 1), I64([3, 6, 5, 0, 4, 2], 2, 3, 1)), 1e-6);
    }

    [Fact] // test_zero_weighted
    public void ZeroWeighted() => Near(0, new Huber().Call(YTrue(2, 3), YPred(2, 3), S(0)), 1e-7);

    [Fact] // test_non_default_delta
    public void NonDefaultDelta() =>
        Near(2.3 * Reference(0.8).Sum() / 6, new Huber(delta: 0.8f).Call(YTrue(2, 3), YPred(2, 3), S(2.3f)), 1e-6);

    [Fact]
    public void LargeErrors_AreLinear()
    {
        // |e| = 3 > δ = 1: δ·|e| - ½δ² = 2.5
        Near(2.5, new Huber().Call(F([0], 1, 1), F([3], 1, 1)), 1e-6);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences()
    {
        // Errors on both sides of δ, none within the finite-difference step of a kink.
        Tensor yTrue = F([0, 1, -1, 2, 0.5f, 0], 2, 3);
        Tensor yPred = F([0.4f, 3f, -0.5f, 0.2f, 0.2f, -2.5f], 2, 3);
        Autodiff.GradientCheck.Check(x => new Huber().Call(yTrue, x[0]), yPred);
        Autodiff.GradientCheck.Check(x => new Huber(delta: 0.8f).Compute(yTrue, x[0]), yPred);
    }

    [Fact]
    public void InvalidDelta_AndShapes_AreRejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Huber(delta: 0f));
        Error(() => new Huber().Call(F([1, 2], 2), F(new float[4], 2, 2)), "Huber", "(2,)", "(2, 2)");
    }
}
