using Strata.Losses;

namespace Strata.Metrics;

/// <summary>The mean of squared errors over every sample seen (weighted by sample), via the loss's per-sample values.</summary>
public sealed class MeanSquaredError : MeanMetricWrapper
{
    private static readonly Losses.MeanSquaredError PerSample = new();

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name; "mean_squared_error" by default.</param>
    public MeanSquaredError(string? name = null)
        : base(PerSample.Compute, name ?? "mean_squared_error")
    {
    }

}
