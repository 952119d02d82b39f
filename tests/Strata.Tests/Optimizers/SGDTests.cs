using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>keras/src/optimizers/sgd_test.py, case by case, plus momentum by hand.</summary>
public class SGDTests
{
    [Fact] // test_single_step
    public void SingleStep_MatchesKeras_AndKeepsIterationAndRateAsVariables()
    {
        var optimizer = new SGD(learningRate: 0.5f);
        Assert.Equal(2, optimizer.Variables.Count);
        Variable vars = KerasCases.SingleStep(optimizer);
        Close.All(vars, [0.5, -1.0, -0.5, 3.0], rtol: 1e-4, atol: 1e-4);
        Assert.Equal(2, optimizer.Variables.Count); // no momentum, no slots
        Assert.Equal(1L, optimizer.Variables[0].Item<long>());
        Assert.Equal(0.5f, optimizer.Variables[1].Item<float>());
    }

    [Fact] // test_invalid_momentum
    public void Momentum_OutsideZeroOne_Throws()
    {
        Assert.Contains("between [0, 1]", Assert.ThrowsAny<ArgumentException>(() => new SGD(momentum: -1f)).Message);
        Assert.Contains("between [0, 1]", Assert.ThrowsAny<ArgumentException>(() => new SGD(momentum: 2f)).Message);
    }

    [Fact] // test_weight_decay
    public void WeightDecay_MatchesKeras() => KerasCases.WeightDecay(() => new SGD(learningRate: 1f, weightDecay: 0.004f));

    [Fact] // test_correctness_with_golden
    public void Nesterov_Golden_MatchesKeras() => KerasCases.Golden(new SGD(nesterov: true), [
        [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
        [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
        [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
        [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
        [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
    ]);

    [Fact] // test_clip_norm
    public void ClipNorm_MatchesKeras() =>
        Close.All(KerasCases.ClippedStep(() => new SGD(learningRate: 1f, clipNorm: 1f)), [-Math.Sqrt(2) / 2, -Math.Sqrt(2) / 2]);

    [Fact] // test_clip_value
    public void ClipValue_MatchesKeras() =>
        Close.All(KerasCases.ClippedStep(() => new SGD(learningRate: 1f, clipValue: 1f)), [-1.0, -1.0]);

    [Fact]
    public void Momentum_AccumulatesVelocity()
    {
        // velocity = 0.9·velocity - 0.1·g; w += velocity. g = 1: v1 = -0.1, v2 = -0.19, so w = -0.29.
        var optimizer = new SGD(learningRate: 0.1f, momentum: 0.9f);
        Variable w = Close.Var(0f);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        Close.All(w, [-0.29]);
        Assert.Equal(["iteration", "learning_rate", $"{w.Name}_momentum"], optimizer.Variables.Select(v => v.Name));
        Close.All(optimizer.Variables[2], [-0.19]);
    }

    [Fact]
    public void Nesterov_StepsByMomentumTimesVelocityMinusGradient()
    {
        // v1 = -0.1, w1 = 0.9·v1 - 0.1 = -0.19; v2 = -0.19, w2 = w1 + 0.9·v2 - 0.1 = -0.461.
        var optimizer = new SGD(learningRate: 0.1f, momentum: 0.9f, nesterov: true);
        Variable w = Close.Var(0f);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        Close.All(w, [-0.19]);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        Close.All(w, [-0.461]);
    }
}
