using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>keras/src/optimizers/rmsprop_test.py, case by case, plus momentum and epsilon by hand.</summary>
public class RMSpropTests
{
    [Fact] // test_single_step
    public void SingleStep_MatchesKeras() =>
        Close.All(KerasCases.SingleStep(new RMSprop(learningRate: 0.5f)), [-0.5811, 0.4189, 1.4189, 2.4189], rtol: 1e-4, atol: 1e-4);

    [Fact] // test_weight_decay
    public void WeightDecay_MatchesKeras() => KerasCases.WeightDecay(() => new RMSprop(learningRate: 1f, weightDecay: 0.004f));

    [Fact] // test_correctness_with_golden
    public void Centered_Golden_MatchesKeras() =>
        KerasCases.Golden(new RMSprop(centered: true), KerasCases.Tiled(0.9967, 0.9933, 0.9908, 0.9885, 0.9864));

    [Fact] // the docstring example: minimizing var²/2 from 10 at rate 0.1
    public void DocstringExample_MatchesKeras()
    {
        Variable var1 = Close.Var(10f);
        new RMSprop(learningRate: 0.1f).ApplyGradients([var1.Value], [var1]);
        Close.All(var1, [9.683772], rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void Epsilon_IsAddedInsideTheSquareRoot()
    {
        // g = 1e-4, eps = 1e-2: v = 0.1·1e-8 = 1e-9 and the step is 1e-4 / sqrt(1e-9 + 1e-2) ≈ 1.0e-3;
        // with epsilon outside the root it would be 1e-4 / (sqrt(1e-9) + 1e-2) ≈ 9.97e-3.
        Variable w = Close.Var(0f);
        new RMSprop(learningRate: 1f, epsilon: 1e-2f).ApplyGradients([Close.T(1e-4f)], [w]);
        Close.All(w, [-1e-4 / Math.Sqrt(1e-9 + 1e-2)], rtol: 1e-6, atol: 1e-9);
    }

    [Fact]
    public void Momentum_AccumulatesIncrements()
    {
        // g = 1 twice, rho 0.9: v1 = 0.1, inc1 = 0.1/sqrt(0.1 + 1e-7); v2 = 0.19, inc2 = 0.1/sqrt(0.19 + 1e-7).
        // m1 = inc1, m2 = 0.5·m1 + inc2; w = -(m1 + m2).
        var optimizer = new RMSprop(learningRate: 0.1f, momentum: 0.5f);
        Variable w = Close.Var(0f);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        double inc1 = 0.1 / Math.Sqrt(0.1 + 1e-7), inc2 = 0.1 / Math.Sqrt(0.19 + 1e-7);
        double m1 = inc1, m2 = 0.5 * m1 + inc2;
        Close.All(w, [-(m1 + m2)], rtol: 1e-5, atol: 1e-6);
        // Slots in Keras's order: velocities, then momentums.
        Assert.Equal(["iteration", "learning_rate", $"{w.Name}_velocity", $"{w.Name}_momentum"], optimizer.Variables.Select(v => v.Name));
    }
}
