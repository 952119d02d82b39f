using Strata.Losses;

namespace Strata.Metrics;

/// <summary>How often the most likely predicted class is the target's one-hot class (argmax against argmax).</summary>
public sealed class CategoricalAccuracy : MeanMetricWrapper
{
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

    internal override bool AcceptsRows(Tensor yTrue, int rows, int columns) => yTrue.Rank == 2 && RankMatching.IsDenseFloatRows(yTrue, rows, columns);

    private protected override double SumRows(Tensor yTrue, ReadOnlySpan<float> yPred, int rows, int columns)
    {
        ReadOnlySpan<float> t = yTrue.Data<float>();
        int matches = 0;
        for (int start = 0; start < rows * columns; start += columns)
        {
            if (Kernels.ReduceKernel.ArgMax(t.Slice(start, columns)) == Kernels.ReduceKernel.ArgMax(yPred.Slice(start, columns))) matches++;
        }
        return matches;
    }
}
