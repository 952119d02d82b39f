using Strata.Losses;

namespace Strata.Metrics;

/// <summary>How often the most likely predicted class is the target's one-hot class (argmax against argmax).</summary>
public sealed class CategoricalAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name; "categorical_accuracy" by default.</param>
    public CategoricalAccuracy(string? name = null)
        : base(Matches, name ?? "categorical_accuracy")
    {
    }

    private static Tensor Matches(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.Shape != yPred.Shape)
        {
            throw new ArgumentException($"CategoricalAccuracy: yTrue and yPred must have the same shape, got yTrue {yTrue.Shape} and yPred {yPred.Shape}. Targets must be one-hot; for integer labels use SparseCategoricalAccuracy.");
        }
        if (yPred.Rank == 0) throw new ArgumentException("CategoricalAccuracy: yPred must have a class axis, got a scalar.");
        return Ops.Equal(Ops.ArgMax(yTrue, -1), Ops.ArgMax(yPred, -1)).AsType(DType.Float32);
    }

}
