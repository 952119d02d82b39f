namespace Strata.Metrics;

/// <summary>The mean of squared errors over every sample seen (weighted by sample).</summary>
public sealed class MeanSquaredError : MeanMetricWrapper
{
    public MeanSquaredError(string? name = null)
        : base(static (t, p) => new Losses.MeanSquaredError().Compute(t, p), name ?? "mean_squared_error")
    {
    }
}
