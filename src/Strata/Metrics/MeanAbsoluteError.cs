namespace Strata.Metrics;

/// <summary>The mean of absolute errors over every sample seen (weighted by sample).</summary>
public sealed class MeanAbsoluteError : MeanMetricWrapper
{
    public MeanAbsoluteError(string? name = null)
        : base(static (t, p) => new Losses.MeanAbsoluteError().Compute(t, p), name ?? "mean_absolute_error")
    {
    }
}
