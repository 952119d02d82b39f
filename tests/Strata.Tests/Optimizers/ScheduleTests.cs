using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>keras/src/optimizers/schedules/learning_rate_schedule_test.py, and schedules inside optimizers.</summary>
public class ScheduleTests
{
    [Fact] // ExponentialDecayTest.test_continuous
    public void ExponentialDecay_Continuous() =>
        Close.Scalar(0.05 * Math.Pow(0.96, 5.0 / 10.0), new ExponentialDecay(0.05f, 10, 0.96f).Call(5), 1e-7);

    [Fact] // ExponentialDecayTest.test_staircase and test_variables
    public void ExponentialDecay_Staircase()
    {
        var decayed = new ExponentialDecay(0.1f, 3, 0.96f, staircase: true);
        Close.Scalar(0.1, decayed.Call(1), 1e-7);
        Close.Scalar(0.1, decayed.Call(2), 1e-7);
        Close.Scalar(0.1 * Math.Pow(0.96, 100 / 3), decayed.Call(100), 1e-7);
    }

    [Fact]
    public void ExponentialDecay_RejectsNonPositiveDecaySteps() =>
        Assert.ThrowsAny<ArgumentException>(() => new ExponentialDecay(0.1f, 0, 0.9f));

    [Fact] // PiecewiseConstantDecayTest.test_piecewise_values
    public void PiecewiseConstant_Values()
    {
        var decayed = new PiecewiseConstantDecay([100, 110, 120], [1.0f, 0.1f, 0.01f, 0.001f]);
        Assert.Equal(1.0f, decayed.Call(-999));
        Assert.Equal(1.0f, decayed.Call(100));
        Assert.Equal(0.1f, decayed.Call(105));
        Assert.Equal(0.1f, decayed.Call(110));
        Assert.Equal(0.01f, decayed.Call(120));
        Assert.Equal(0.001f, decayed.Call(999));
    }

    [Fact] // PiecewiseConstantDecayTest.test_boundary_values
    public void PiecewiseConstant_BoundaryValues()
    {
        var decayed = new PiecewiseConstantDecay([1, 2, 3], [0.4f, 0.5f, 0.6f, 0.7f]);
        Assert.Equal([0.4f, 0.4f, 0.5f, 0.6f, 0.7f], Enumerable.Range(0, 5).Select(s => decayed.Call(s)));
    }

    [Fact]
    public void PiecewiseConstant_NeedsOneMoreValueThanBoundaries()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([10, 20], [1f, 2f]));
        Assert.Contains("one more value than boundaries", ex.Message);
    }

    [Fact]
    public void Float_ConvertsToAConstantSchedule()
    {
        LearningRateSchedule schedule = 0.25f;
        Assert.Equal(0.25f, schedule.Call(0));
        Assert.Equal(0.25f, schedule.Call(1_000_000));
    }

    [Fact]
    public void Optimizer_UsesTheDecayedRateAtEachStep()
    {
        // SGD, g = 1: step k (from 0) moves by 0.1·0.5^k.
        var optimizer = new SGD(learningRate: new ExponentialDecay(0.1f, 1, 0.5f));
        Variable w = Close.Var(0f);
        double expected = 0;
        for (int k = 0; k < 4; k++)
        {
            Close.Scalar(0.1 * Math.Pow(0.5, k), optimizer.LearningRate, 1e-8);
            optimizer.ApplyGradients([Close.T(1f)], [w]);
            expected -= 0.1 * Math.Pow(0.5, k);
            Close.All(w, [expected], rtol: 1e-6);
        }
        Assert.Equal(4L, optimizer.Iterations);
    }

    [Fact] // TestFitLRSchedulesFlow: with a schedule, the only optimizer variable is the step counter
    public void Optimizer_WithSchedule_KeepsNoRateVariable()
    {
        var optimizer = new Adam(learningRate: new ExponentialDecay(0.05f, 1, 0.9f));
        Assert.Single(optimizer.Variables);
        Assert.Equal(0L, optimizer.Variables[0].Item<long>());
        Variable w = Close.Var(1f);
        for (int i = 0; i < 12; i++) optimizer.ApplyGradients([Close.T(1f)], [w]);
        Assert.Equal(12L, optimizer.Variables[0].Item<long>());
    }

    [Fact]
    public void Piecewise_InOptimizer_SwitchesAfterTheBoundary()
    {
        // Steps 0..2 at 1.0 (step ≤ 2), then 0.1.
        var optimizer = new SGD(learningRate: new PiecewiseConstantDecay([2], [1f, 0.1f]));
        Variable w = Close.Var(0f);
        for (int i = 0; i < 5; i++) optimizer.ApplyGradients([Close.T(1f)], [w]);
        Close.All(w, [-3.2], rtol: 1e-6);
    }

    [Fact]
    public void WeightDecay_UsesTheScheduledRate()
    {
        // w -= w·wd·lr(step): 1·(1 - 0.1·1)·(1 - 0.1·0.5) with zero gradients.
        var optimizer = new SGD(learningRate: new ExponentialDecay(1f, 1, 0.5f), weightDecay: 0.1f);
        Variable w = Close.Var(1f);
        optimizer.ApplyGradients([Close.T(0f)], [w]);
        optimizer.ApplyGradients([Close.T(0f)], [w]);
        Close.All(w, [0.9 * 0.95], rtol: 1e-6);
    }

    [Fact] // test_config
    public void Configs_HaveKerasKeys()
    {
        var ed = new ExponentialDecay(0.05f, 10, 0.96f, staircase: true, name: "my_ed").GetConfig();
        Assert.Equal(0.05f, ed["initial_learning_rate"]);
        Assert.Equal(10L, ed["decay_steps"]);
        Assert.Equal(0.96f, ed["decay_rate"]);
        Assert.Equal(true, ed["staircase"]);
        Assert.Equal("my_ed", ed["name"]);
        var pcd = new PiecewiseConstantDecay([10, 20], [1f, 2f, 3f], name: "my_pcd").GetConfig();
        Assert.Equal(new long[] { 10, 20 }, pcd["boundaries"]);
        Assert.Equal(new[] { 1f, 2f, 3f }, pcd["values"]);
        Assert.Equal("my_pcd", pcd["name"]);
    }
}
