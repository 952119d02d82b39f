using Strata.Losses;

namespace Strata.Metrics;

/// <summary>How often predictions equal the targets exactly (Keras's Accuracy; for class probabilities see <see cref="Metric.Resolve"/>).</summary>
public sealed class Accuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name; "accuracy" by default.</param>
    public Accuracy(string? name = null)
        : base(Matches, name ?? "accuracy")
    {
    }

    private static Tensor Matches(Tensor yTrue, Tensor yPred)
    {
        Tensor p = yPred.AsType(DType.Float32), t = yTrue.AsType(DType.Float32);
        (t, p) = RankMatching.SqueezeOrExpand(t, p);
        return Ops.Equal(t, p).AsType(DType.Float32);
    }
}
