using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>keras/src/optimizers/adagrad_test.py, case by case.</summary>
public class AdagradTests
{
    [Fact] // test_single_step
    public void SingleStep_MatchesKeras() =>
        Close.All(KerasCases.SingleStep(new Adagrad(learningRate: 0.5f)), [0.5233, 1.5007, 2.5005, 3.5061], rtol: 1e-4, atol: 1e-4);

    [Fact] // test_weight_decay
    public void WeightDecay_MatchesKeras() => KerasCases.WeightDecay(() => new Adagrad(learningRate: 1f, weightDecay: 0.004f));

    [Fact] // test_correctness_with_golden
    public void Golden_MatchesKeras() => KerasCases.Golden(new Adagrad(learningRate: 0.2f, initialAccumulatorValue: 0.3f, epsilon: 1e-6f), [
        [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
        [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
        [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
        [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
        [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
    ]);

    [Fact]
    public void Accumulator_StartsAtInitialValue()
    {
        var optimizer = new Adagrad(learningRate: 1f, initialAccumulatorValue: 0.5f);
        Variable w = Close.Var(0f, 0f);
        optimizer.ApplyGradients([Close.T(1f, 2f)], [w]);
        // accumulator = 0.5 + g²; w = -g / sqrt(accumulator + 1e-7)
        Close.All(optimizer.Variables[2], [1.5, 4.5]);
        Close.All(w, [-1 / Math.Sqrt(1.5 + 1e-7), -2 / Math.Sqrt(4.5 + 1e-7)], rtol: 1e-6);
    }
}
