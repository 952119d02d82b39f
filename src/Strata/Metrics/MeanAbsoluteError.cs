using Strata.Losses;

namespace Strata.Metrics;

/// <summary>The mean of absolute errors over every sample seen (weighted by sample), via the loss's per-sample values.</summary>
public sealed class MeanAbsoluteError : MeanMetricWrapper
{
    private static readonly Losses.MeanAbsoluteError PerSample = new();

    public MeanAbsoluteError(string? name = null)
        : base(PerSample.Compute, name ?? "mean_absolute_error")
    {
    }

    internal override bool AcceptsRows(Tensor yTrue, int rows, int columns) => RankMatching.IsDenseFloatRows(yTrue, rows, columns);

    private protected override double SumRows(Tensor yTrue, ReadOnlySpan<float> yPred, int rows, int columns) =>
        SumOfRowMeans(yTrue, yPred, rows, columns, MathF.Abs);
}
