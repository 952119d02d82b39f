using Strata.Losses;

namespace Strata.Metrics;

/// <summary>The mean of absolute errors over every sample seen (weighted by sample), via the loss's per-sample values.</summary>
public sealed class MeanAbsoluteError : MeanMetricWrapper
{
    private static readonly Losses.MeanAbsoluteError PerSample = new();

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name; "mean_absolute_error" by default.</param>
    public MeanAbsoluteError(string? name = null)
        : base(PerSample.Compute, name ?? "mean_absolute_error")
    {
    }

}
