using Strata.Losses;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Losses;

/// <summary>The cases of Keras's SparseCategoricalCrossentropyTest (keras/src/losses/losses_test.py), plus label dtypes, saturation and gradients.</summary>
public class SparseCategoricalCrossentropyTests
{
    private static Tensor Probabilities => CategoricalCrossentropyTests.Probabilities;
    private static Tensor Logits => CategoricalCrossentropyTests.Logits;

    [Fact]
    public void NameAndDefaults()
    {
        var scce = new SparseCategoricalCrossentropy();
        Assert.Equal("sparse_categorical_crossentropy", scce.Name);
        Assert.False(scce.FromLogits);
        Assert.Null(scce.IgnoreClass);
        Assert.Equal(-1, scce.Axis);
        var configured = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 3, axis: 0, name: "scce");
        Assert.True(configured.FromLogits);
        Assert.Equal(3, configured.IgnoreClass);
        Assert.Equal(0, configured.Axis);
        Assert.Equal("scce", configured.Name);
    }

    [Fact] // test_all_correct_unweighted: int64 labels of shape (n, 1)
    public void AllCorrect_GiveZero()
    {
        Tensor labels = I64([0, 1, 2], 3, 1);
        Near(0, new SparseCategoricalCrossentropy().Call(labels, F([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3)), 1e-3);
        Near(0, new SparseCategoricalCrossentropy(fromLogits: true).Call(labels, F([10, 0, 0, 0, 10, 0, 0, 0, 10], 3, 3)), 1e-3);
    }

    [Fact] // test_unweighted: labels of shape (n)
    public void Unweighted()
    {
        Near(0.3239, new SparseCategoricalCrossentropy().Call(I64([0, 1, 2], 3), Probabilities), 1e-4);
        Near(0.0573, new SparseCategoricalCrossentropy(fromLogits: true).Call(I64([0, 1, 2], 3), Logits), 1e-4);
    }

    [Fact] // test_scalar_weighted
    public void ScalarWeighted()
    {
        Near(0.7449, new SparseCategoricalCrossentropy().Call(I64([0, 1, 2], 3, 1), Probabilities, S(2.3f))); // Keras gives 4 digits, asserted to 3 decimals
        Near(0.1317, new SparseCategoricalCrossentropy(fromLogits: true).Call(I64([0, 1, 2], 3, 1), Logits, S(2.3f))); // Keras gives 4 digits, asserted to 3 decimals
    }

    [Fact] // test_sample_weighted
    public void SampleWeighted()
    {
        Tensor weights = F([1.2f, 3.4f, 5.6f], 3, 1);
        Near(1.0696, new SparseCategoricalCrossentropy().Call(I64([0, 1, 2], 3, 1), Probabilities, weights), 1e-4);
        Near(0.31829, new SparseCategoricalCrossentropy(fromLogits: true).Call(I64([0, 1, 2], 3, 1), Logits, weights), 1e-4);
    }

    [Fact] // test_no_reduction
    public void NoReduction() =>
        Near([0.001822, 0.000459, 0.169846], new SparseCategoricalCrossentropy(fromLogits: true, reduction: "none").Call(I64([0, 1, 2], 3, 1), Logits), 1e-5);

    public static TheoryData<string, Tensor> LabelForms => new()
    {
        { "int32 (n)", I32([0, 1, 2], 3) },
        { "int32 (n, 1)", I32([0, 1, 2], 3, 1) },
        { "int64 (n)", I64([0, 1, 2], 3) },
        { "int64 (n, 1)", I64([0, 1, 2], 3, 1) },
        { "float32 (n)", F([0, 1, 2], 3) },
        { "uint8 (n)", Tensor.FromArray(new byte[] { 0, 1, 2 }) },
    };

    [Theory]
    [MemberData(nameof(LabelForms))]
    public void EveryLabelForm_GivesTheSameLoss(string form, Tensor labels)
    {
        _ = form;
        Near(0.3239, new SparseCategoricalCrossentropy().Call(labels, Probabilities), 1e-4);
        // Exactly the loss of one-hot targets through CategoricalCrossentropy.
        Tensor oneHot = CategoricalCrossentropyTests.OneHot3;
        Near(new CategoricalCrossentropy(fromLogits: true).Call(oneHot, Logits, S(2.3f)).ToScalar(),
            new SparseCategoricalCrossentropy(fromLogits: true).Call(labels, Logits, S(2.3f)), 1e-7);
        Tensor perSample = new SparseCategoricalCrossentropy().Compute(labels, Probabilities);
        Assert.Equal([3], perSample.Shape.ToArray());
    }

    [Fact] // test_ignore_class: labels (1, 2) and (1, 2, 1) against logits (1, 2, 3)
    public void IgnoreClass_GivesZeroForIgnoredEntries()
    {
        Tensor logits = F([0.854f, 0.698f, 0.598f, 0.088f, 0.86f, 0.018f], 1, 2, 3);
        var scce = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1, reduction: "none");
        Near([0.0, 1.480129], scce.Call(I64([-1, 2], 1, 2), logits), 1e-5);
        Near([0.0, 1.480129], scce.Call(I64([-1, 2], 1, 2, 1), logits), 1e-5);
    }

    [Fact]
    public void IgnoreClass_AveragesOverValidEntriesOnly()
    {
        // Keras folds the mask into the weights: the mean is over the one valid entry, not both.
        Tensor logits = F([0.854f, 0.698f, 0.598f, 0.088f, 0.86f, 0.018f], 1, 2, 3);
        Near(1.480129, new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1).Call(I64([-1, 2], 1, 2), logits), 1e-5);
        Near(1.480129, new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1, reduction: "sum").Call(I64([-1, 2], 1, 2), logits), 1e-5);
        // Ignored entries pass no gradient, and the valid ones a finite one.
        Tensor grad = GradientWrtPrediction(p => new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1).Call(I64([-1, 2], 1, 2), p), logits);
        AllFinite(grad);
        Near([0, 0, 0], grad[0][0], 0);
    }

    private static readonly long[] SegmentationLabels = [0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1];

    /// <summary>One-hot predictions of the labels above, with some pixels replaced.</summary>
    private static float[] Segmentation(int classes, (int Pixel, float[] Probabilities)[] changes, long[] labels)
    {
        var values = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++) values[i * classes + labels[i]] = 1;
        foreach ((int pixel, float[] p) in changes) p.CopyTo(values, pixel * classes);
        return values;
    }

    [Fact] // test_binary_segmentation: labels (4, 4) against predictions (4, 4, 2)
    public void BinarySegmentation()
    {
        Tensor labels = I64(SegmentationLabels, 4, 4);
        Near(0, new SparseCategoricalCrossentropy().Call(labels, F(Segmentation(2, [], SegmentationLabels), 4, 4, 2)), 1e-5);
        float[] imperfect = Segmentation(2, [(3, [0.2f, 0.8f]), (15, [0.6f, 0.4f])], SegmentationLabels);
        Near((-Math.Log(0.2) - Math.Log(0.4)) / 16, new SparseCategoricalCrossentropy().Call(labels, F(imperfect, 4, 4, 2)), 1e-5);
    }

    [Fact] // test_binary_segmentation_different_axis (the torch branch: any class axis is supported)
    public void BinarySegmentation_ClassAxisFirst()
    {
        Tensor labels = I64(SegmentationLabels, 4, 4);
        float[] imperfect = Segmentation(2, [(3, [0.2f, 0.8f]), (15, [0.6f, 0.4f])], SegmentationLabels);
        Tensor channelsFirst = Ops.Transpose(F(imperfect, 4, 4, 2), [2, 0, 1]);
        Near((-Math.Log(0.2) - Math.Log(0.4)) / 16, new SparseCategoricalCrossentropy(axis: 0).Call(labels, channelsFirst), 1e-5);
    }

    [Fact] // test_multi_class_segmentation
    public void MultiClassSegmentation()
    {
        long[] labels = [0, 1, 2, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1];
        Near(0, new SparseCategoricalCrossentropy().Call(I64(labels, 4, 4), F(Segmentation(3, [], labels), 4, 4, 3)), 1e-5);
        float[] imperfect = Segmentation(3, [(3, [0.2f, 0, 0.8f]), (4, [0.7f, 0.3f, 0]), (14, [0.5f, 0.5f, 0])], labels);
        Near((-Math.Log(0.2) - Math.Log(0.3) - Math.Log(0.5)) / 16, new SparseCategoricalCrossentropy().Call(I64(labels, 4, 4), F(imperfect, 4, 4, 3)), 1e-5);
    }

    [Fact] // the docstring example
    public void DocstringExample()
    {
        Tensor labels = I64([1, 2], 2), yPred = F([0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f], 2, 3);
        Near(1.177, new SparseCategoricalCrossentropy().Call(labels, yPred), 1e-3);
        Near(0.814, new SparseCategoricalCrossentropy().Call(labels, yPred, F([0.3f, 0.7f], 2)), 1e-3);
        Near(2.354, new SparseCategoricalCrossentropy(reduction: "sum").Call(labels, yPred), 1e-3);
    }

    [Fact]
    public void SaturatedProbabilities_GiveFiniteLossAndGradient()
    {
        Tensor yPred = F([1, 0, 0, 0, 0, 1], 2, 3);
        var scce = new SparseCategoricalCrossentropy();
        Near((1.19e-7 + 16.118095) / 2, scce.Call(I32([0, 1], 2), yPred), 1e-4);
        AllFinite(GradientWrtPrediction(p => scce.Call(I32([0, 1], 2), p), yPred));
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        Tensor probabilities = F([0.5f, 0.3f, 0.4f, 0.25f, 0.6f, 0.35f], 2, 3);
        Tensor logits = F([1.5f, -0.7f, 0.3f, -2f, 2.5f, 0.9f], 2, 3);
        Autodiff.GradientCheck.Check(x => new SparseCategoricalCrossentropy().Call(I64([2, 0], 2), x[0], F([0.5f, 2f], 2)), probabilities);
        Autodiff.GradientCheck.Check(x => new SparseCategoricalCrossentropy(fromLogits: true).Compute(I32([1, 2], 2, 1), x[0]), logits);
    }

    [Fact]
    public void BadLabels_AreRejectedWithClearErrors()
    {
        var scce = new SparseCategoricalCrossentropy();
        Error(() => scce.Call(I64([0, 3, 1], 3), Probabilities), "SparseCategoricalCrossentropy", "label 3", "3 classes");
        Error(() => scce.Call(I64([0, -1, 1], 3), Probabilities), "label -1");
        Error(() => scce.Call(I64([0, 1], 2), Probabilities), "SparseCategoricalCrossentropy", "(2,)", "(3, 3)");
        Error(() => scce.Call(F(new float[9], 3, 3), Probabilities), "(3, 3)");
        Error(() => scce.Call(Tensor.FromArray(new[] { true, false, true }), Probabilities), "bool");
    }
}
