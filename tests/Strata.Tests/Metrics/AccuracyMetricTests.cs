using Strata.Metrics;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Metrics;

/// <summary>The cases of Keras's accuracy_metrics_test.py (AccuracyTest, BinaryAccuracyTest, CategoricalAccuracyTest, SparseCategoricalAccuracyTest).</summary>
public class AccuracyMetricTests
{
    private static double Run(Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        metric.UpdateState(yTrue, yPred, sampleWeight);
        return metric.Result();
    }

    [Fact]
    public void Names_AreKeras()
    {
        Assert.Equal("accuracy", new Accuracy().Name);
        Assert.Equal("binary_accuracy", new BinaryAccuracy().Name);
        Assert.Equal("categorical_accuracy", new CategoricalAccuracy().Name);
        Assert.Equal("sparse_categorical_accuracy", new SparseCategoricalAccuracy().Name);
        Assert.Equal(0.5f, new BinaryAccuracy().Threshold);
    }

    // ---- AccuracyTest ----

    [Fact] // test_unweighted, test_weighted, test_weighted_rank_1
    public void Accuracy_UnweightedAndWeighted()
    {
        Near(0.75, Run(new Accuracy(), I64([1, 2, 3, 4], 4, 1), I64([0, 2, 3, 4], 4, 1)), 1e-7);
        Near(0.5, Run(new Accuracy(), I64([1, 2, 3, 4], 4, 1), I64([0, 2, 3, 4], 4, 1), I64([1, 1, 0, 0], 4)), 1e-7);
        Near(0.5, Run(new Accuracy(), I64([1, 2, 3, 4], 4), I64([0, 2, 3, 4], 4), I64([1, 1, 0, 0], 4)), 1e-7);
    }

    [Fact] // test_weighted_nd_weights, test_weighted_nd_broadcast_weights
    public void Accuracy_ElementWeights()
    {
        Near(0.5, Run(new Accuracy(), I64([1, 2, 3, 4], 2, 2), I64([0, 2, 3, 4], 2, 2), I64([1, 0, 0, 1], 2, 2)), 1e-7);
        Near(0.5, Run(new Accuracy(), I64([1, 2, 3, 4], 2, 2), I64([0, 2, 3, 4], 2, 2), I64([1, 0], 1, 2)), 1e-7);
    }

    // ---- BinaryAccuracyTest ----

    [Fact] // test_unweighted (including targets (n) against predictions (n, 1))
    public void Binary_Unweighted()
    {
        Tensor yPred = F([0.98f, 1, 0, 0.6f], 4, 1);
        Near(0.75, Run(new BinaryAccuracy(), I64([1, 1, 0, 0], 4, 1), yPred), 1e-7);
        Near(0.75, Run(new BinaryAccuracy(), I64([1, 1, 0, 0], 4), yPred), 1e-7);
    }

    [Fact] // test_weighted, test_weighted_rank_1
    public void Binary_Weighted()
    {
        Near(0.5, Run(new BinaryAccuracy(), I64([1, 1, 0, 0], 4, 1), F([0.98f, 1, 0, 0.6f], 4, 1), I64([1, 0, 0, 1], 4)), 1e-7);
        Near(0.5, Run(new BinaryAccuracy(), I64([1, 1, 0, 0], 4), F([0.98f, 1, 0, 0.6f], 4), I64([1, 0, 0, 1], 4)), 1e-7);
    }

    [Fact] // test_weighted_nd_weights, test_weighted_nd_broadcast_weights
    public void Binary_ElementWeights()
    {
        Tensor yTrue = I64([1, 1, 0, 0], 2, 2), yPred = F([0.98f, 1, 0, 0.6f], 2, 2);
        Near(0.5, Run(new BinaryAccuracy(), yTrue, yPred, I64([1, 0, 0, 1], 2, 2)), 1e-7);
        Near(1.0, Run(new BinaryAccuracy(), yTrue, yPred, I64([1, 0], 1, 2)), 1e-7);
    }

    [Fact] // test_threshold
    public void Binary_Threshold()
    {
        Tensor yTrue = I64([1, 1, 0, 0], 4, 1), yPred = F([0.98f, 0.5f, 0.1f, 0.2f], 4, 1);
        Near(1.0, Run(new BinaryAccuracy(threshold: 0.3f), yTrue, yPred), 1e-7);
        Near(0.75, Run(new BinaryAccuracy(threshold: 0.9f), yTrue, yPred), 1e-7);
    }

    [Fact] // the docstring: a prediction equal to the threshold counts as 0
    public void Binary_PerElementOverRows()
    {
        Near(0.75, Run(new BinaryAccuracy(), F([1, 1, 0, 0], 4, 1), F([0.98f, 1, 0, 0.6f], 4, 1)), 1e-7);
        Near(0.5, Run(new BinaryAccuracy(), F([1, 0], 2), F([0.5f, 0.5f], 2)), 1e-7);
    }

    // ---- CategoricalAccuracyTest ----

    [Fact] // test_unweighted, test_weighted
    public void Categorical()
    {
        Tensor yTrue = I64([0, 0, 1, 0, 1, 0], 2, 3), yPred = F([0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0], 2, 3);
        Near(0.5, Run(new CategoricalAccuracy(), yTrue, yPred), 1e-7);
        Near(0.3, Run(new CategoricalAccuracy(), yTrue, yPred, F([0.7f, 0.3f], 2)), 1e-7);
    }

    [Fact]
    public void Categorical_MismatchedShapes_PointToSparse() =>
        Error(() => new CategoricalAccuracy().UpdateState(I64([2, 1], 2), F(new float[6], 2, 3)), "CategoricalAccuracy", "(2,)", "(2, 3)", "SparseCategoricalAccuracy");

    // ---- SparseCategoricalAccuracyTest ----

    [Fact] // test_unweighted, test_weighted
    public void Sparse()
    {
        Tensor yTrue = I64([2, 1], 2, 1), yPred = F([0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0], 2, 3);
        Near(0.5, Run(new SparseCategoricalAccuracy(), yTrue, yPred), 1e-7);
        Near(0.3, Run(new SparseCategoricalAccuracy(), yTrue, yPred, F([0.7f, 0.3f], 2)), 1e-7);
    }

    public static TheoryData<string, Tensor> LabelForms => new()
    {
        // test_squeeze_y_true, test_cast_y_pred_dtype, test_cast_y_pred_to_match_y_true_dtype, test_matching_shapes_without_squeeze
        { "int64 (n, 1)", I64([0, 1, 2], 3, 1) },
        { "int64 (n)", I64([0, 1, 2], 3) },
        { "int32 (n)", I32([0, 1, 2], 3) },
        { "int32 (n, 1)", I32([0, 1, 2], 3, 1) },
        { "float32 (n)", F([0, 1, 2], 3) },
    };

    [Theory]
    [MemberData(nameof(LabelForms))]
    public void Sparse_EveryLabelForm(string form, Tensor labels)
    {
        _ = form;
        Tensor yPred = F([0.9f, 0.1f, 0, 0, 0.9f, 0.1f, 0.1f, 0, 0.9f], 3, 3);
        Near(1.0, Run(new SparseCategoricalAccuracy(), labels, yPred), 1e-7);
        // One wrong of three, with the wrong one weighted 2 of 4.
        Tensor wrong = F([0.9f, 0.1f, 0, 0.9f, 0, 0.1f, 0.1f, 0, 0.9f], 3, 3);
        Near(0.5, Run(new SparseCategoricalAccuracy(), labels, wrong, F([1, 2, 1], 3)), 1e-7);
    }

    [Fact]
    public void Sparse_MismatchedShapes_NameBoth() =>
        Error(() => new SparseCategoricalAccuracy().UpdateState(I64([0, 1], 2), F(new float[9], 3, 3)), "SparseCategoricalAccuracy", "(2,)", "(3, 3)");

    [Fact]
    public void Binary_MismatchedShapes_NameBoth() =>
        Error(() => new BinaryAccuracy().UpdateState(I64([0, 1, 1], 3), F(new float[6], 2, 3)), "BinaryAccuracy", "(3,)", "(2, 3)");

    // ---- Shared behaviour ----

    [Fact]
    public void State_AccumulatesAcrossBatches_AndResets()
    {
        var acc = new CategoricalAccuracy();
        Assert.Equal(0.0, acc.Result()); // nothing seen: 0, not NaN
        acc.UpdateState(I64([1, 0, 0, 1], 2, 2), F([0.9f, 0.1f, 0.2f, 0.8f], 2, 2)); // 2 of 2
        acc.UpdateState(I64([1, 0, 1, 0], 2, 2), F([0.3f, 0.7f, 0.6f, 0.4f], 2, 2)); // 1 of 2
        Near(0.75, acc.Result(), 1e-12);
        acc.ResetState();
        Assert.Equal(0.0, acc.Result());
        acc.UpdateState(I64([0, 1], 1, 2), F([0.3f, 0.7f], 1, 2));
        Assert.Equal(1.0, acc.Result());
    }

    [Fact]
    public void State_IsDoublePrecision()
    {
        // In float32, 1e8 + 1 == 1e8: the ten unit-weight samples would vanish from the count.
        var acc = new BinaryAccuracy();
        acc.UpdateState(F([1], 1), F([1], 1), F([1e8f], 1));
        for (int i = 0; i < 10; i++) acc.UpdateState(F([1], 1), F([0], 1));
        Near(1e8 / (1e8 + 10), acc.Result(), 1e-15);
        Assert.True(acc.Result() < 1.0);
    }

    [Fact]
    public void UpdateState_DoesNotRecordOnAnActiveTape()
    {
        System.Reflection.FieldInfo? nodes = typeof(GradientTape).GetField("_nodes", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        Assert.NotNull(nodes);
        var w = new Variable(F([0.2f, -0.3f, 0.5f, 0.1f], 2, 2));
        using var tape = new GradientTape();
        Tensor predictions = Ops.Softmax(w);
        int before = ((System.Collections.ICollection)nodes.GetValue(tape)!).Count;
        Metric[] metrics = [new CategoricalAccuracy(), new BinaryAccuracy(), new Strata.Metrics.MeanSquaredError(), new Precision(), new Recall()];
        foreach (Metric m in metrics) m.UpdateState(F([1, 0, 0, 1], 2, 2), predictions, F([1, 2], 2));
        new SparseCategoricalAccuracy().UpdateState(I64([0, 1], 2), predictions);
        Assert.Equal(before, ((System.Collections.ICollection)nodes.GetValue(tape)!).Count);
        // The tape still differentiates what it recorded.
        Tensor grad = tape.Gradient(Ops.Sum(predictions * F([1, 0, 0, 0], 2, 2)), w);
        AllFinite(grad);
    }
}
