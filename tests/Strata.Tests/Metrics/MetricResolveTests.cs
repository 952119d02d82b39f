using Strata.Losses;
using Strata.Metrics;
using static Strata.Tests.Losses.LossTestData;

namespace Strata.Tests.Metrics;

/// <summary>Metric.Get (keras.metrics.get) and Metric.Resolve (keras/src/trainers/compile_utils.py get_metric).</summary>
public class MetricResolveTests
{
    public static TheoryData<string, Type, string> Names => new()
    {
        { "binary_accuracy", typeof(BinaryAccuracy), "binary_accuracy" },
        { "BinaryAccuracy", typeof(BinaryAccuracy), "binary_accuracy" },
        { "categorical_accuracy", typeof(CategoricalAccuracy), "categorical_accuracy" },
        { "sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy), "sparse_categorical_accuracy" },
        { "mae", typeof(Strata.Metrics.MeanAbsoluteError), "mean_absolute_error" },
        { "mean_absolute_error", typeof(Strata.Metrics.MeanAbsoluteError), "mean_absolute_error" },
        { "mse", typeof(Strata.Metrics.MeanSquaredError), "mean_squared_error" },
        { "mean_squared_error", typeof(Strata.Metrics.MeanSquaredError), "mean_squared_error" },
        { "precision", typeof(Precision), "precision" },
        { "recall", typeof(Recall), "recall" },
        { "accuracy", typeof(Accuracy), "accuracy" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Get_ReturnsANewMetric(string identifier, Type type, string name)
    {
        Metric metric = Metric.Get(identifier);
        Assert.IsType(type, metric);
        Assert.Equal(name, metric.Name); // keras.metrics.get keeps the class's default name
        Assert.NotSame(metric, Metric.Get(identifier));
    }

    [Fact]
    public void Get_UnknownName_ListsTheKnownOnes()
    {
        var ex = Error(() => Metric.Get("acuracy"), "acuracy", "binary_accuracy", "mae", "precision", "Resolve");
        Assert.Contains("sparse_categorical_accuracy", ex.Message);
        Error(() => Metric.Resolve("f1", new Shape(4), new Shape(4, 1), null), "f1");
    }

    public static TheoryData<string, int[], int[], Type> AccuracyCases => new()
    {
        // IMDB: float targets (n) against a sigmoid column (n, 1) -> binary
        { "accuracy", [25000], [25000, 1], typeof(BinaryAccuracy) },
        { "accuracy", [512, 1], [512, 1], typeof(BinaryAccuracy) },
        // MNIST with to_categorical: one-hot against softmax -> categorical
        { "accuracy", [128, 10], [128, 10], typeof(CategoricalAccuracy) },
        // Reuters with integer labels: (n) or (n, 1) against (n, 46) -> sparse
        { "accuracy", [512], [512, 46], typeof(SparseCategoricalAccuracy) },
        { "acc", [512, 1], [512, 46], typeof(SparseCategoricalAccuracy) },
        { "Accuracy", [8, 4, 4], [8, 4, 4, 3], typeof(SparseCategoricalAccuracy) },
    };

    [Theory]
    [MemberData(nameof(AccuracyCases))]
    public void Resolve_PicksTheAccuracyTheShapesCallFor(string identifier, int[] yTrue, int[] yPred, Type expected)
    {
        Metric metric = Metric.Resolve(identifier, yTrue, yPred, null);
        Assert.IsType(expected, metric);
        Assert.Equal(identifier, metric.Name); // logs say "accuracy", as Keras's
    }

    [Fact]
    public void Resolve_DecidesFromShapesAlone_AsKeras3()
    {
        // Multi-label with binary_crossentropy: Keras 3 still resolves "accuracy" to categorical.
        Assert.IsType<CategoricalAccuracy>(Metric.Resolve("accuracy", new Shape(32, 5), new Shape(32, 5), new BinaryCrossentropy()));
        Assert.IsType<BinaryAccuracy>(Metric.Resolve("accuracy", new Shape(32), new Shape(32, 1), new BinaryCrossentropy()));
        Assert.IsType<SparseCategoricalAccuracy>(Metric.Resolve("accuracy", new Shape(32), new Shape(32, 10), new SparseCategoricalCrossentropy()));
    }

    [Fact]
    public void Resolve_OtherNames_GoThroughGet_AndKeepTheGivenName()
    {
        Metric mae = Metric.Resolve("mae", new Shape(404), new Shape(404, 1), new Strata.Losses.MeanSquaredError());
        Assert.IsType<Strata.Metrics.MeanAbsoluteError>(mae);
        Assert.Equal("mae", mae.Name);
        Assert.Equal("precision", Metric.Resolve("precision", new Shape(4), new Shape(4, 1), null).Name);
    }

    [Fact]
    public void ResolvedAccuracy_ComputesTheRightThing()
    {
        Metric acc = Metric.Resolve("accuracy", new Shape(2), new Shape(2, 3), null);
        acc.UpdateState(I64([2, 1], 2), F([0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0], 2, 3));
        Near(0.5, acc.Result(), 1e-12);
    }
}
