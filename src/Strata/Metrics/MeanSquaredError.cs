using Strata.Losses;

namespace Strata.Metrics;

/// <summary>The mean of squared errors over every sample seen (weighted by sample), via the loss's per-sample values.</summary>
public sealed class MeanSquaredError : MeanMetricWrapper
{
    private static readonly Losses.MeanSquaredError PerSample = new();

    public MeanSquaredError(string? name = null)
        : base(PerSample.Compute, name ?? "mean_squared_error")
    {
    }

    internal override bool AcceptsRows(Tensor yTrue, int rows, int columns) => RankMatching.IsDenseFloatRows(yTrue, rows, columns);

    private protected override double SumRows(Tensor yTrue, ReadOnlySpan<float> yPred, int rows, int columns) =>
        SumOfRowMeans(yTrue, yPred, rows, columns, static d => d * d);
}
