using Strata.Optimizers;

namespace Strata.Tests.Optimizers;

/// <summary>keras/src/optimizers/adam_test.py (and AdamW's), case by case, plus the bias correction by hand.</summary>
public class AdamTests
{
    [Fact] // test_single_step
    public void SingleStep_MatchesKeras() =>
        Close.All(KerasCases.SingleStep(new Adam(learningRate: 0.5f)), [0.5, 1.5, 2.5, 3.5], rtol: 1e-4, atol: 1e-4);

    [Fact] // test_weight_decay
    public void WeightDecay_MatchesKeras() => KerasCases.WeightDecay(() => new Adam(learningRate: 1f, weightDecay: 0.004f));

    [Fact] // test_correctness_with_golden
    public void Amsgrad_Golden_MatchesKeras() =>
        KerasCases.Golden(new Adam(amsgrad: true), KerasCases.Tiled(0.999, 0.9982, 0.9974, 0.9965, 0.9955));

    [Fact] // optimizer_test.py: test_iterations_counter
    public void Iterations_CountSteps()
    {
        var v = new Variable(Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 2, 2));
        Tensor grads = Tensor.Ones(2, 2);
        var optimizer = new Adam(learningRate: 1f);
        Assert.Equal(0L, optimizer.Iterations);
        optimizer.ApplyGradients([grads], [v]);
        Assert.Equal(1L, optimizer.Iterations);
        optimizer.ApplyGradients([grads], [v]);
        Assert.Equal(2L, optimizer.Iterations);
    }

    [Fact]
    public void BiasCorrection_AtStepTwo_MatchesTheFormula()
    {
        // g = 1 then 3: m = 0.1, then 0.1 + (3 - 0.1)·0.1 = 0.39; v = 0.001, then 0.001 + (9 - 0.001)·0.001 = 0.009999.
        // Step t uses alpha = lr·sqrt(1 - 0.999^t)/(1 - 0.9^t) and moves by alpha·m/(sqrt(v) + 1e-7).
        var optimizer = new Adam(learningRate: 0.01f);
        Variable w = Close.Var(0f);
        optimizer.ApplyGradients([Close.T(1f)], [w]);
        double step1 = 0.01 * Math.Sqrt(1 - 0.999) / (1 - 0.9) * 0.1 / (Math.Sqrt(0.001) + 1e-7);
        Close.All(w, [-step1], rtol: 1e-5, atol: 0);
        optimizer.ApplyGradients([Close.T(3f)], [w]);
        double alpha2 = 0.01 * Math.Sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
        double step2 = alpha2 * 0.39 / (Math.Sqrt(0.009999) + 1e-7);
        Close.All(w, [-(step1 + step2)], rtol: 1e-5, atol: 0);
        // Keras's order for saving: for each variable, its momentum then its velocity.
        Assert.Equal(["iteration", "learning_rate", $"{w.Name}_momentum", $"{w.Name}_velocity"], optimizer.Variables.Select(v => v.Name));
        Close.All(optimizer.Variables[2], [0.39], rtol: 1e-6);
        Close.All(optimizer.Variables[3], [0.009999], rtol: 1e-5);
    }

    [Fact] // adamw_test.py: test_single_step
    public void AdamW_SingleStep_MatchesKeras() =>
        Close.All(KerasCases.SingleStep(new AdamW(learningRate: 0.5f)), [0.4980, 1.4960, 2.494, 3.492], rtol: 1e-4, atol: 1e-4);

    [Fact] // adamw_test.py: test_weight_decay
    public void AdamW_WeightDecay_MatchesKeras() => KerasCases.WeightDecay(() => new AdamW(learningRate: 1f, weightDecay: 0.004f));

    [Fact] // adamw_test.py: test_correctness_with_golden
    public void AdamW_Golden_MatchesKeras() => KerasCases.Golden(new AdamW(learningRate: 1f, weightDecay: 0.5f, epsilon: 2f), [
        [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
        [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
        [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
        [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
        [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ]);

    [Fact]
    public void AdamW_DefaultsToKerasWeightDecay()
    {
        var optimizer = new AdamW();
        Assert.Equal(0.004f, optimizer.WeightDecay);
        Assert.Equal(0.001f, optimizer.LearningRate);
        Assert.Null(new Adam().WeightDecay);
    }
}
