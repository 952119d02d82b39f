using Strata.Losses;

namespace Strata.Metrics;

/// <summary>
/// How often the most likely predicted class is the integer label. Labels may be Int32, Int64 or
/// whole Float32 values, shaped (n) or (n, 1).
/// </summary>
public sealed class SparseCategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name; "sparse_categorical_accuracy" by default.</param>
    public SparseCategoricalAccuracy(string? name = null)
        : base(Matches, name ?? "sparse_categorical_accuracy")
    {
    }

    private static Tensor Matches(Tensor yTrue, Tensor yPred)
    {
        const string who = nameof(SparseCategoricalAccuracy);
        if (yPred.Rank == 0) throw new ArgumentException($"{who}: yPred must have a class axis, got a scalar.", nameof(yPred));
        Tensor labels = SparseLabels.Match(yTrue, yPred, yPred.Rank - 1, who);
        Tensor predicted = Ops.ArgMax(yPred, -1).AsType(DType.Int64);
        return Ops.Equal(labels, predicted).AsType(DType.Float32);
    }

}
