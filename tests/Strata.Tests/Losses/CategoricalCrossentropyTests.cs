using Strata.Losses;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Losses;

/// <summary>The cases of Keras's CategoricalCrossentropyTest (keras/src/losses/losses_test.py), plus saturation and gradients.</summary>
public class CategoricalCrossentropyTests
{
    internal static Tensor OneHot3 => I64([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3);
    internal static Tensor Probabilities => F([0.9f, 0.05f, 0.05f, 0.5f, 0.89f, 0.6f, 0.05f, 0.01f, 0.94f], 3, 3);
    internal static Tensor Logits => F([8, 1, 1, 0, 9, 1, 2, 3, 5], 3, 3);
    internal static Tensor PerSample => F([1.2f, 3.4f, 5.6f], 3, 1);

    [Fact]
    public void NameAndDefaults()
    {
        var cce = new CategoricalCrossentropy();
        Assert.Equal("categorical_crossentropy", cce.Name);
        Assert.Equal("sum_over_batch_size", cce.Reduction);
        Assert.False(cce.FromLogits);
        Assert.Equal(-1, cce.Axis);
        Assert.Equal("cce", new CategoricalCrossentropy(name: "cce").Name);
    }

    [Fact] // test_all_correct_unweighted (int64 one-hot targets)
    public void AllCorrect_GiveZero()
    {
        Tensor exact = F([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3);
        Near(0, new CategoricalCrossentropy().Call(OneHot3, exact), 1e-6);
        Near(0, new CategoricalCrossentropy(fromLogits: true).Call(OneHot3, F([10, 0, 0, 0, 10, 0, 0, 0, 10], 3, 3)), 1e-3);
    }

    [Fact] // test_unweighted: the probabilities of row 2 sum to 1.99 and are renormalized first
    public void Unweighted()
    {
        Near(0.3239, new CategoricalCrossentropy().Call(OneHot3, Probabilities), 1e-4);
        Near(0.0573, new CategoricalCrossentropy(fromLogits: true).Call(OneHot3, Logits), 1e-4);
    }

    [Fact] // test_scalar_weighted
    public void ScalarWeighted()
    {
        Near(0.7449, new CategoricalCrossentropy().Call(OneHot3, Probabilities, S(2.3f))); // Keras gives 4 digits, asserted to 3 decimals
        Near(0.1317, new CategoricalCrossentropy(fromLogits: true).Call(OneHot3, Logits, S(2.3f))); // Keras gives 4 digits, asserted to 3 decimals
    }

    [Fact] // test_sample_weighted
    public void SampleWeighted()
    {
        Near(1.0696, new CategoricalCrossentropy().Call(OneHot3, Probabilities, PerSample), 1e-4);
        Near(0.31829, new CategoricalCrossentropy(fromLogits: true).Call(OneHot3, Logits, PerSample), 1e-4);
    }

    [Fact] // test_no_reduction
    public void NoReduction() =>
        Near([0.001822, 0.000459, 0.169846], new CategoricalCrossentropy(fromLogits: true, reduction: "none").Call(OneHot3, Logits), 1e-5);

    [Fact] // test_label_smoothing: targets become 0.9 + 0.1/3 and 0.1/3
    public void LabelSmoothing()
    {
        var cce = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1f);
        Near(400.0 * 0.1 / 3.0, cce.Call(I64([1, 0, 0], 1, 3), F([100, -100, -100], 1, 3)), 1e-3);
    }

    [Fact] // test_label_smoothing_with_axis: (batch, classes, spatial) with axis = 1
    public void LabelSmoothing_WithClassAxis1()
    {
        float[] truth = [1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0];
        float[] pred = [0.8f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.8f, 0.1f, 0.1f, 0.1f];
        var cce = new CategoricalCrossentropy(labelSmoothing: 0.1f, axis: 1);
        double expected = 0;
        for (int b = 0; b < 2; b++)
        {
            for (int s = 0; s < 2; s++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int i = b * 6 + c * 2 + s;
                    expected -= (truth[i] * 0.9 + 0.1 / 3) * Math.Log(pred[i]);
                }
            }
        }
        Near(expected / 4, cce.Call(F(truth, 2, 3, 2), F(pred, 2, 3, 2)), 1e-5);
    }

    [Fact] // the docstring example
    public void DocstringExample()
    {
        Tensor yTrue = I64([0, 1, 0, 0, 0, 1], 2, 3), yPred = F([0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f], 2, 3);
        Near(1.177, new CategoricalCrossentropy().Call(yTrue, yPred), 1e-3);
        Near(0.814, new CategoricalCrossentropy().Call(yTrue, yPred, F([0.3f, 0.7f], 2)), 1e-3);
        Near(2.354, new CategoricalCrossentropy(reduction: "sum").Call(yTrue, yPred), 1e-3);
        Near([0.0513, 2.303], new CategoricalCrossentropy(reduction: "none").Call(yTrue, yPred), 1e-3);
    }

    [Fact] // test_shape_mismatch
    public void ShapeMismatch_NamesLossAndBothShapes()
    {
        var ex = Error(() => new CategoricalCrossentropy().Call(I64([0, 1, 2], 3, 1), Probabilities),
            "CategoricalCrossentropy", "same shape", "(3, 1)", "(3, 3)");
        Assert.Contains("SparseCategoricalCrossentropy", ex.Message);
        Error(() => new CategoricalCrossentropy().Call(I64([0, 1, 2], 3), Probabilities), "(3,)", "(3, 3)");
    }

    [Fact]
    public void SaturatedProbabilities_GiveFiniteLossAndGradient()
    {
        // Certain and right, certain and wrong: -log(1e-7) = 16.118 for the wrong row.
        Tensor yTrue = F([1, 0, 0, 0, 1, 0], 2, 3), yPred = F([1, 0, 0, 1, 0, 0], 2, 3);
        var cce = new CategoricalCrossentropy();
        Near((16.118095 + 1.19e-7) / 2, cce.Call(yTrue, yPred), 1e-4);
        AllFinite(GradientWrtPrediction(p => cce.Call(yTrue, p), yPred));
    }

    [Fact]
    public void ExtremeLogits_GiveFiniteLossAndGradient()
    {
        Tensor yTrue = F([0, 1, 0, 1], 2, 2), logits = F([1000, -1000, -1000, 1000], 2, 2);
        var cce = new CategoricalCrossentropy(fromLogits: true);
        Near(1000, cce.Call(yTrue, logits), 1e-3); // (2000 + 0) / 2
        Near([0.5, -0.5, 0, 0], GradientWrtPrediction(p => cce.Call(yTrue, p), logits), 1e-6);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        Tensor soft = F([0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f], 2, 3);
        Tensor probabilities = F([0.5f, 0.3f, 0.4f, 0.25f, 0.6f, 0.35f], 2, 3); // rows need not sum to 1
        Tensor logits = F([1.5f, -0.7f, 0.3f, -2f, 2.5f, 0.9f], 2, 3);
        Autodiff.GradientCheck.Check(x => new CategoricalCrossentropy().Call(soft, x[0], F([0.5f, 2f], 2)), probabilities);
        Autodiff.GradientCheck.Check(x => new CategoricalCrossentropy(labelSmoothing: 0.2f).Compute(soft, x[0]), probabilities);
        Autodiff.GradientCheck.Check(x => new CategoricalCrossentropy(fromLogits: true).Call(soft, x[0]), logits);
        Autodiff.GradientCheck.Check(x => new CategoricalCrossentropy(fromLogits: true, axis: 0).Compute(soft, x[0]), logits);
    }
}
