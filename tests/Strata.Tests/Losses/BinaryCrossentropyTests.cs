using Strata.Losses;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Losses;

/// <summary>The cases of Keras's BinaryCrossentropyTest (keras/src/losses/losses_test.py), plus saturation and gradients.</summary>
public class BinaryCrossentropyTests
{
    private static Tensor Identity3 => F([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3);
    private static Tensor Saturated => F([1, 1, 1, 0], 2, 2);
    private static Tensor SaturatedTrue => I64([1, 0, 1, 0], 2, 2);
    private static Tensor LogitsTrue => I64([1, 0, 1, 0, 1, 1], 2, 3);
    private static Tensor Logits => F([10, -10, 10, 10, 10, -10], 2, 3);

    [Fact]
    public void NameAndDefaults()
    {
        var bce = new BinaryCrossentropy();
        Assert.Equal("binary_crossentropy", bce.Name);
        Assert.False(bce.FromLogits);
        Assert.Equal(0f, bce.LabelSmoothing);
        Assert.Equal(-1, bce.Axis);
    }

    [Fact] // test_all_correct_unweighted
    public void AllCorrect_GiveZero()
    {
        Near(0, new BinaryCrossentropy().Call(Identity3, Identity3), 1e-5);
        Tensor logits = F([10, -10, -10, -10, 10, -10, -10, -10, 10], 3, 3);
        Near(0, new BinaryCrossentropy(fromLogits: true).Call(Identity3, logits), 1e-4);
    }

    [Fact] // test_unweighted
    public void Unweighted()
    {
        Tensor yPred = F([0.9f, 0.1f, 0.2f, 0.3f, 0.8f, 0.1f, 0.1f, 0.2f, 0.7f], 3, 3);
        Near(0.20046903, new BinaryCrossentropy().Call(Identity3, yPred), 1e-6);
        // Saturated probabilities are clipped at epsilon = 1e-7: -log(1 - 0.99999988) / 4 = 3.98559.
        Near(3.98559, new BinaryCrossentropy().Call(SaturatedTrue, Saturated), 1e-4);
        Near(3.3333, new BinaryCrossentropy(fromLogits: true).Call(LogitsTrue, Logits), 1e-3);
    }

    [Fact] // test_scalar_weighted
    public void ScalarWeighted()
    {
        Near(9.1668, new BinaryCrossentropy().Call(SaturatedTrue, Saturated, S(2.3f)), 1e-3);
        Near(7.666, new BinaryCrossentropy(fromLogits: true).Call(LogitsTrue, Logits, S(2.3f)), 1e-3);
    }

    [Fact] // test_sample_weighted
    public void SampleWeighted()
    {
        Near(4.7827, new BinaryCrossentropy().Call(SaturatedTrue, Saturated, F([1.2f, 3.4f], 2, 1)), 1e-3);
        Near(10.0, new BinaryCrossentropy(fromLogits: true).Call(LogitsTrue, Logits, I64([4, 3], 2)), 1e-3);
    }

    [Fact] // test_no_reduction
    public void NoReduction() =>
        Near([0.0, 6.666], new BinaryCrossentropy(fromLogits: true, reduction: "none").Call(LogitsTrue, Logits), 1e-3);

    [Fact] // test_label_smoothing: targets squeezed to 0.95 / 0.05
    public void LabelSmoothing()
    {
        var bce = new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1f);
        Near((10.0 + 5.0 * 0.1) / 3.0, bce.Call(I64([1, 0, 1], 1, 3), F([10, -10, -10], 1, 3)), 1e-4);
    }

    [Fact] // the docstring examples: per-sample values and weighted sums
    public void DocstringExamples()
    {
        Tensor yTrue = I64([0, 1, 0, 0], 2, 2), logits = F([-18.6f, 0.51f, 2.94f, -12.8f], 2, 2);
        Near(0.8654, new BinaryCrossentropy(fromLogits: true).Call(yTrue, logits), 1e-3);
        Near(0.243, new BinaryCrossentropy(fromLogits: true).Call(yTrue, logits, F([0.8f, 0.2f], 2)), 1e-3);
        Near(1.730, new BinaryCrossentropy(fromLogits: true, reduction: "sum").Call(yTrue, logits), 1e-3);
        Near([0.235, 1.496], new BinaryCrossentropy(fromLogits: true, reduction: "none").Call(yTrue, logits), 1e-3);
        Near([0.916, 0.714], new BinaryCrossentropy().Compute(I64([0, 1, 0, 0], 2, 2), F([0.6f, 0.4f, 0.4f, 0.6f], 2, 2)), 1e-3);
    }

    [Fact] // test_shape_mismatch
    public void ShapeMismatch_NamesLossAndBothShapes()
    {
        Tensor yPred = F([0.9f, 0.05f, 0.05f, 0.5f, 0.89f, 0.6f, 0.05f, 0.01f, 0.94f], 3, 3);
        Error(() => new BinaryCrossentropy().Call(I64([0, 1, 2], 3, 1), yPred), "BinaryCrossentropy", "same shape", "(3, 1)", "(3, 3)");
    }

    [Fact]
    public void TargetsOfShapeN_MatchPredictionsOfShapeNBy1()
    {
        // The IMDB setup: float targets (n) against a sigmoid column (n, 1).
        Tensor loss = new BinaryCrossentropy().Call(F([1, 0, 1], 3), F([0.8f, 0.3f, 0.6f], 3, 1));
        Near(-(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.6)) / 3, loss, 1e-6);
    }

    [Fact]
    public void SaturatedProbabilities_GiveFiniteLossAndGradient()
    {
        // Right and wrong answers given with certainty: p exactly 0 or 1.
        Tensor yTrue = F([1, 0, 1, 0], 2, 2), yPred = F([1, 1, 0, 0], 2, 2);
        var bce = new BinaryCrossentropy();
        Tensor loss = bce.Call(yTrue, yPred);
        AllFinite(loss);
        Assert.True(loss.ToScalar() > 7f); // two of four predictions are certain and wrong: about 16.1 each
        AllFinite(GradientWrtPrediction(p => bce.Call(yTrue, p), yPred));
    }

    [Fact]
    public void ExtremeLogits_GiveFiniteLossAndGradient()
    {
        Tensor yTrue = F([1, 0, 1, 0], 2, 2), logits = F([1000, 1000, -1000, -1000], 2, 2);
        var bce = new BinaryCrossentropy(fromLogits: true);
        Near(500, bce.Call(yTrue, logits), 1e-3); // per-sample means [500, 500]
        Tensor grad = GradientWrtPrediction(p => bce.Call(yTrue, p), logits);
        Near([0, 0.25, -0.25, 0], grad, 1e-6); // (sigmoid(x) - z) / 4
    }

    [Fact]
    public void LogitGradientAtZero_IsSigmoidMinusTarget()
    {
        // At x = 0 the stable form must still give sigmoid(0) - z = 0.5 - z (averaged over 2 elements).
        Tensor grad = GradientWrtPrediction(p => new BinaryCrossentropy(fromLogits: true).Call(F([1, 0], 1, 2), p), F([0, 0], 1, 2));
        Near([-0.25, 0.25], grad, 1e-6);
    }

    [Fact]
    public void TinyLossesFromLogits_KeepTheirPrecision()
    {
        // log(1 + exp(-20)) = 2.06e-9: log1p keeps it where log(1 + x) would round it to 0.
        Tensor loss = new BinaryCrossentropy(fromLogits: true, reduction: "none").Call(F([1], 1, 1), F([20], 1, 1));
        Assert.Equal(Math.Log(1 + Math.Exp(-20)), loss.ToArray<float>()[0], 1e-12);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        Tensor yTrue = F([1, 0, 0, 1, 1, 0], 2, 3);
        Tensor probabilities = F([0.7f, 0.25f, 0.6f, 0.35f, 0.8f, 0.3f], 2, 3);
        Tensor logits = F([1.5f, -0.7f, 0.3f, -2f, 2.5f, 0.9f], 2, 3);
        Autodiff.GradientCheck.Check(x => new BinaryCrossentropy().Call(yTrue, x[0], F([0.5f, 2f], 2)), probabilities);
        Autodiff.GradientCheck.Check(x => new BinaryCrossentropy(labelSmoothing: 0.2f).Compute(yTrue, x[0]), probabilities);
        Autodiff.GradientCheck.Check(x => new BinaryCrossentropy(fromLogits: true).Call(yTrue, x[0]), logits);
    }

    [Fact]
    public void InvalidLabelSmoothing_IsRejected() =>
        Assert.ThrowsAny<ArgumentException>(() => new BinaryCrossentropy(labelSmoothing: 1.5f));
}
