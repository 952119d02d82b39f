using Strata.Losses;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Losses;

/// <summary>Mean squared and absolute error: the cases of Keras's MeanSquaredErrorTest and MeanAbsoluteErrorTest (keras/src/losses/losses_test.py).</summary>
public class RegressionLossTests
{
    // Keras's shared data: int64 targets against float32 predictions.
    private static Tensor YTrue => I64([1, 9, 2, -5, -2, 6], 2, 3);
    private static Tensor YPred => F([4, 8, 12, 8, 1, 3], 2, 3);
    private static Tensor PerSample => F([1.2f, 3.4f], 2, 1);

    [Fact]
    public void Names_AndDefaults_AreKeras()
    {
        Assert.Equal("mean_squared_error", new MeanSquaredError().Name);
        Assert.Equal("mean_absolute_error", new MeanAbsoluteError().Name);
        Assert.Equal("sum_over_batch_size", new MeanSquaredError().Reduction);
        Assert.Equal("mymse", new MeanSquaredError(name: "mymse").Name);
    }

    [Fact] // test_base_function_reduction: targets (3) against predictions (3, 1) give one loss per sample
    public void Mse_Compute_MatchesRankOfTargetsAndPredictions()
    {
        Tensor loss = new MeanSquaredError().Compute(I64([4, 8, 12], 3), F([3, 0, 1], 3, 1));
        Assert.Equal([3], loss.Shape.ToArray());
        Near([1, 64, 121], loss, 1e-5);
    }

    [Fact] // test_all_correct_unweighted
    public void AllCorrect_GiveZero()
    {
        Tensor y = I64([4, 8, 12, 8, 1, 3], 2, 3);
        Near(0, new MeanSquaredError().Call(y, y), 1e-7);
        Near(0, new MeanAbsoluteError().Call(y, y), 1e-7);
    }

    [Fact] // test_unweighted
    public void Unweighted()
    {
        Near(49.5, new MeanSquaredError().Call(YTrue, YPred), 1e-4);
        Near(5.5, new MeanAbsoluteError().Call(YTrue, YPred), 1e-5);
    }

    [Fact] // test_scalar_weighted
    public void ScalarWeighted()
    {
        Near(113.85, new MeanSquaredError().Call(YTrue, YPred, S(2.3f)), 1e-3);
        Near(12.65, new MeanAbsoluteError().Call(YTrue, YPred, S(2.3f)), 1e-4);
    }

    [Fact] // test_sample_weighted: one weight per sample, shaped (n, 1)
    public void SampleWeighted()
    {
        Near(767.8 / 6, new MeanSquaredError().Call(YTrue, YPred, PerSample), 1e-3);
        Near(81.4 / 6, new MeanAbsoluteError().Call(YTrue, YPred, PerSample), 1e-4);
        // ... and the same weights shaped (n)
        Near(767.8 / 6, new MeanSquaredError().Call(YTrue, YPred, F([1.2f, 3.4f], 2)), 1e-3);
    }

    [Fact] // test_timestep_weighted: (2, 3, 1) values with (2, 3) weights
    public void TimestepWeighted()
    {
        Tensor yTrue = I64([1, 9, 2, -5, -2, 6], 2, 3, 1), yPred = I64([4, 8, 12, 8, 1, 3], 2, 3, 1);
        Tensor weights = I64([3, 6, 5, 0, 4, 2], 2, 3);
        Near(97.833336, new MeanSquaredError().Call(yTrue, yPred, weights), 1e-4);
        Near(13.833333, new MeanAbsoluteError().Call(yTrue, yPred, weights), 1e-5);
    }

    [Fact] // test_zero_weighted
    public void ZeroWeighted()
    {
        Near(0, new MeanSquaredError().Call(YTrue, YPred, S(0)), 1e-7);
        Near(0, new MeanAbsoluteError().Call(YTrue, YPred, S(0)), 1e-7);
    }

    [Fact] // test_no_reduction
    public void NoReduction_GivesWeightedPerSampleLosses()
    {
        Tensor mse = new MeanSquaredError(reduction: "none").Call(YTrue, YPred, S(2.3f));
        Assert.Equal([2], mse.Shape.ToArray());
        Near([84.3333, 143.3666], mse, 1e-3);
        Near([10.7333, 14.5666], new MeanAbsoluteError(reduction: "none").Call(YTrue, YPred, S(2.3f)), 1e-3);
    }

    [Fact] // test_sum_reduction
    public void SumReduction()
    {
        Near(227.69998, new MeanSquaredError(reduction: "sum").Call(YTrue, YPred, S(2.3f)), 1e-3);
        Near(25.29999, new MeanAbsoluteError(reduction: "sum").Call(YTrue, YPred, S(2.3f)), 1e-4);
    }

    [Fact] // test_mean_with_sample_weight_reduction
    public void MeanWithSampleWeightReduction()
    {
        Near((110.0 / 3 * 1.2 + 187.0 / 3 * 3.4) / (1.2 + 3.4),
            new MeanSquaredError(reduction: "mean_with_sample_weight").Call(YTrue, YPred, PerSample), 1e-4);
        Near((14.0 / 3 * 1.2 + 19.0 / 3 * 3.4) / (1.2 + 3.4),
            new MeanAbsoluteError(reduction: "mean_with_sample_weight").Call(YTrue, YPred, PerSample), 1e-5);
    }

    [Fact]
    public void MeanReduction_IsSumOverBatchSize()
    {
        Near(113.85, new MeanSquaredError(reduction: "mean").Call(YTrue, YPred, S(2.3f)), 1e-3);
    }

    [Fact]
    public void InvalidReduction_IsRejected() =>
        Error(() => new MeanSquaredError(reduction: "average"), "average", "sum_over_batch_size", "mean_with_sample_weight");

    [Fact]
    public void MismatchedShapes_NameLossAndBothShapes()
    {
        Error(() => new MeanSquaredError().Call(F([1, 2, 3], 3), F(new float[9], 3, 3)), "MeanSquaredError", "(3,)", "(3, 3)");
        Error(() => new MeanAbsoluteError().Call(F([1, 2], 2, 1), F(new float[6], 2, 3)), "MeanAbsoluteError", "(2, 1)", "(2, 3)");
        Error(() => new MeanSquaredError().Call(YTrue, YPred, F([1, 2, 3], 3)), "MeanSquaredError", "sampleWeight", "(3,)", "(2,)");
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        Tensor yTrue = F([0.5f, -1.5f, 2f, 0.3f, 1f, -0.7f], 2, 3);
        Tensor yPred = F([1.2f, -0.4f, 0.9f, -0.8f, 2.1f, 0.6f], 2, 3); // every error at least 0.7 from the kink of |e|
        Tensor weights = F([0.7f, 1.9f], 2);
        Autodiff.GradientCheck.Check(x => new MeanSquaredError().Call(yTrue, x[0], weights), yPred);
        Autodiff.GradientCheck.Check(x => new MeanAbsoluteError().Call(yTrue, x[0], weights), yPred);
        Autodiff.GradientCheck.Check(x => new MeanSquaredError().Compute(yTrue, x[0]), yPred);
    }
}
