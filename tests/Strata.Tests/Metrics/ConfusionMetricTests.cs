using Strata.Metrics;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Metrics;

/// <summary>The single-threshold cases of Keras's PrecisionTest and RecallTest (keras/src/metrics/confusion_metrics_test.py).</summary>
public class ConfusionMetricTests
{
    private static double Run(Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        metric.UpdateState(yTrue, yPred, sampleWeight);
        return metric.Result();
    }

    [Fact]
    public void NamesAndDefaults()
    {
        Assert.Equal("precision", new Precision().Name);
        Assert.Equal("recall", new Recall().Name);
        Assert.Equal("my_precision", new Precision(name: "my_precision").Name);
        Assert.Equal(0.5f, new Precision().Threshold);
        Assert.Equal(-1e10f, new Recall(topK: 3).Threshold); // Keras's NEG_INF: top-k alone decides
        var p = new Precision(threshold: 0.4f, topK: 15, classId: 12);
        Assert.Equal(0.4f, p.Threshold);
        Assert.Equal(15, p.TopK);
        Assert.Equal(12, p.ClassId);
    }

    [Fact] // test_unweighted
    public void Unweighted()
    {
        Near(0.5, Run(new Precision(), I64([0, 1, 1, 0], 4), I64([1, 0, 1, 0], 4)), 1e-12);
        Near(0.5, Run(new Recall(), I64([0, 1, 1, 0], 4), I64([1, 0, 1, 0], 4)), 1e-12);
    }

    [Fact] // test_unweighted_all_incorrect
    public void AllIncorrect()
    {
        Tensor inputs = Tensor.Uniform([100, 1], 0, 2, seed: 5).AsType(DType.Int64);
        Tensor inverted = Ops.Subtract(Tensor.Scalar(1L), inputs);
        Assert.Equal(0.0, Run(new Precision(threshold: 0.5f), inverted, inputs));
        Assert.Equal(0.0, Run(new Recall(threshold: 0.5f), inverted, inputs));
    }

    [Fact] // test_weighted: element weights
    public void Weighted()
    {
        Tensor weights = I64([1, 2, 3, 4, 4, 3, 2, 1], 2, 4);
        Near(7.0 / 10.0, Run(new Precision(), I64([0, 1, 1, 0, 1, 0, 0, 1], 2, 4), I64([1, 0, 1, 0, 1, 0, 1, 0], 2, 4), weights), 1e-12);
        Near(4.0 / 10.0, Run(new Recall(), I64([0, 1, 1, 0, 1, 0, 0, 1], 2, 4), I64([1, 0, 1, 0, 0, 1, 0, 1], 2, 4), weights), 1e-12);
    }

    [Fact] // test_div_by_zero
    public void DivByZero_GivesZero()
    {
        Assert.Equal(0.0, Run(new Precision(), I64([0, 0, 0, 0], 4), I64([0, 0, 0, 0], 4)));
        Assert.Equal(0.0, Run(new Recall(), I64([0, 0, 0, 0], 4), I64([0, 0, 0, 0], 4)));
    }

    [Fact] // test_unweighted_with_threshold (each of Keras's two thresholds as its own metric)
    public void UnweightedWithThreshold()
    {
        Tensor yTrue = I64([0, 1, 1, 0], 4), yPred = F([1, 0, 0.6f, 0], 4);
        Near(0.5, Run(new Precision(0.5f), yTrue, yPred), 1e-12);
        Near(0.0, Run(new Precision(0.7f), yTrue, yPred), 1e-12);
        Near(0.5, Run(new Recall(0.5f), yTrue, yPred), 1e-12);
        Near(0.0, Run(new Recall(0.7f), yTrue, yPred), 1e-12);
    }

    [Fact] // test_weighted_with_threshold and test_multiple_updates
    public void WeightedWithThreshold_AndMultipleUpdates()
    {
        Tensor yTrue = I64([0, 1, 1, 0], 2, 2), yPred = F([1, 0, 0.6f, 0], 2, 2);
        var precision = new Precision(0.5f);
        Near(3.0 / 7.0, Run(precision, yTrue, yPred, F([4, 0, 3, 1], 2, 2)), 1e-7);
        Assert.Equal(0.0, Run(new Precision(1.0f), yTrue, yPred, F([4, 0, 3, 1], 2, 2)));
        precision.UpdateState(yTrue, yPred, F([4, 0, 3, 1], 2, 2));
        Near(6.0 / 14.0, precision.Result(), 1e-7);
        var recall = new Recall(0.5f);
        Near(3.0 / 7.0, Run(recall, yTrue, yPred, F([1, 4, 3, 2], 2, 2)), 1e-7);
        recall.UpdateState(yTrue, yPred, F([1, 4, 3, 2], 2, 2));
        Near(6.0 / 14.0, recall.Result(), 1e-7);
    }

    [Fact] // test_unweighted_top_k
    public void UnweightedTopK()
    {
        Tensor yTrue = I64([0, 1, 1, 0, 0], 5), yPred = F([0.2f, 0.1f, 0.5f, 0, 0.2f], 5);
        Near(1.0 / 3, Run(new Precision(topK: 3), yTrue, yPred), 1e-12);
        Near(0.5, Run(new Recall(topK: 3), yTrue, yPred), 1e-12);
    }

    [Fact] // test_weighted_top_k: ties go to the earlier index, a scalar weight spreads over all
    public void WeightedTopK()
    {
        var precision = new Precision(topK: 3);
        var recall = new Recall(topK: 3);
        foreach (Metric m in new Metric[] { precision, recall })
        {
            m.UpdateState(I64([0, 1, 1, 0, 1], 1, 5), F([0.2f, 0.1f, 0.4f, 0, 0.2f], 1, 5), I64([1, 4, 2, 3, 5], 1, 5));
            m.UpdateState(I64([1, 0, 1, 1, 1], 5), F([0.2f, 0.6f, 0.4f, 0.2f, 0.2f], 5), Tensor.Scalar(3L));
        }
        Near(13.0 / 17.0, precision.Result(), 1e-7);
        Near(13.0 / 23.0, recall.Result(), 1e-7);
    }

    [Fact] // test_unweighted_class_id_should_throw_error_1d
    public void ClassId_NeedsTwoDimensionalPredictions()
    {
        Error(() => new Precision(classId: 2).UpdateState(I64([0, 1, 1, 0, 0], 5), F([0.2f, 0.1f, 0.6f, 0, 0.2f], 5)), "classId", "(samples, classes)");
        Error(() => new Recall(classId: 2).UpdateState(I64([0, 1, 1, 0, 0], 5), F([0.2f, 0.1f, 0.6f, 0, 0.2f], 5)), "classId");
    }

    [Fact] // test_unweighted_class_id_multiclass
    public void ClassId_Multiclass()
    {
        Tensor yPred = F([0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.2f, 0.2f, 0.6f, 0.2f, 0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f], 5, 3);
        Tensor yTrue = F([0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1], 5, 3);
        var precision = new Precision(classId: 1);
        Near(1.0, Run(precision, yTrue, yPred), 1e-12);
        Assert.Equal(1.0, precision.TruePositives);
        Assert.Equal(0.0, precision.FalsePositives);
        var recall = new Recall(classId: 1);
        Near(1.0, Run(recall, yTrue, yPred), 1e-12);
        Assert.Equal(1.0, recall.TruePositives);
        Assert.Equal(0.0, recall.FalseNegatives);
    }

    [Fact] // test_unweighted_top_k_and_threshold
    public void TopKAndThreshold()
    {
        Tensor yPred = F([0.2f, 0.8f, 0.6f, 0, 0.2f], 5);
        var precision = new Precision(threshold: 0.7f, topK: 2);
        Near(1.0, Run(precision, I64([0, 1, 1, 0, 1], 5), yPred), 1e-12);
        Assert.Equal(1.0, precision.TruePositives);
        Assert.Equal(0.0, precision.FalsePositives);
        var recall = new Recall(threshold: 0.7f, topK: 2);
        Near(0.25, Run(recall, I64([1, 1, 1, 0, 1], 5), yPred), 1e-12);
        Assert.Equal(1.0, recall.TruePositives);
        Assert.Equal(3.0, recall.FalseNegatives);
    }

    [Fact]
    public void BinaryClassifierShapes_AndPerSampleWeights()
    {
        // Targets (n) against a sigmoid column (n, 1), with one weight per sample.
        Tensor yTrue = F([1, 0, 1, 1], 4), yPred = F([0.9f, 0.7f, 0.2f, 0.6f], 4, 1), w = F([1, 2, 3, 4], 4);
        Near(5.0 / 7.0, Run(new Precision(), yTrue, yPred, w), 1e-7); // tp 1 + 4, fp 2
        Near(5.0 / 8.0, Run(new Recall(), yTrue, yPred, w), 1e-7);    // fn 3
    }

    [Fact]
    public void InvalidArguments_AreRejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Precision(threshold: 1.5f));
        Assert.ThrowsAny<ArgumentException>(() => new Recall(topK: 0));
        Error(() => new Precision().UpdateState(I64([0, 1, 1], 3), F(new float[4], 4)), "Precision", "(3,)", "(4,)");
    }
}
