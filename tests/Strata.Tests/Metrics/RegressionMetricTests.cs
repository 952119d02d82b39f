using Strata.Metrics;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Metrics;

/// <summary>The cases of Keras's regression_metrics_test.py (MeanSquaredErrorTest, MeanAbsoluteErrorTest) and the docstrings.</summary>
public class RegressionMetricTests
{
    private static Tensor YTrue => I64([0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1], 4, 5);
    private static Tensor YPred => I64([0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1], 4, 5);
    private static Tensor Weights => F([1, 1.5f, 2, 2.5f], 4);

    [Fact]
    public void Names_AreKeras()
    {
        Assert.Equal("mean_squared_error", new Strata.Metrics.MeanSquaredError().Name);
        Assert.Equal("mean_absolute_error", new Strata.Metrics.MeanAbsoluteError().Name);
        Assert.Equal("my_mae", new Strata.Metrics.MeanAbsoluteError(name: "my_mae").Name);
    }

    [Fact] // MeanSquaredErrorTest.test_unweighted / test_weighted
    public void MeanSquaredError()
    {
        var mse = new Strata.Metrics.MeanSquaredError();
        mse.UpdateState(YTrue, YPred);
        Near(0.5, mse.Result(), 1e-6);
        mse.ResetState();
        mse.UpdateState(YTrue, YPred, Weights);
        Near(0.54285, mse.Result(), 1e-5);
    }

    [Fact] // MeanAbsoluteErrorTest.test_unweighted / test_weighted
    public void MeanAbsoluteError()
    {
        var mae = new Strata.Metrics.MeanAbsoluteError();
        mae.UpdateState(YTrue, YPred);
        Near(0.5, mae.Result(), 1e-6);
        mae.ResetState();
        mae.UpdateState(YTrue, YPred, Weights);
        Near(0.54285, mae.Result(), 1e-5);
    }

    [Fact] // the MeanAbsoluteError docstring: a zero weight drops a sample
    public void Docstring()
    {
        var mae = new Strata.Metrics.MeanAbsoluteError();
        mae.UpdateState(I64([0, 1, 0, 0], 2, 2), I64([1, 1, 0, 0], 2, 2));
        Near(0.25, mae.Result(), 1e-7);
        mae.ResetState();
        mae.UpdateState(I64([0, 1, 0, 0], 2, 2), I64([1, 1, 0, 0], 2, 2), I64([1, 0], 2));
        Near(0.5, mae.Result(), 1e-7);
    }

    [Fact]
    public void WeightedMean_SpansBatches()
    {
        // Boston housing style: targets (n) against predictions (n, 1).
        var mae = new Strata.Metrics.MeanAbsoluteError();
        mae.UpdateState(F([10, 20], 2), F([12, 19], 2, 1));           // errors 2, 1
        mae.UpdateState(F([5], 1), F([9], 1, 1), F([2], 1));           // error 4, weight 2
        Near((2 + 1 + 4 * 2) / 4.0, mae.Result(), 1e-7);
    }

    [Fact]
    public void MismatchedShapes_AndWeights_AreReported()
    {
        Error(() => new Strata.Metrics.MeanSquaredError().UpdateState(F([1, 2, 3], 3), F(new float[6], 3, 2)), "MeanSquaredError", "(3,)", "(3, 2)");
        Error(() => new Strata.Metrics.MeanSquaredError().UpdateState(YTrue, YPred, F([1, 2], 2)), "mean_squared_error", "sampleWeight", "(2,)");
    }
}
