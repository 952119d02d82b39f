namespace Strata.Metrics;

/// <summary>keras.metrics.Mean: the weighted mean of every value given to UpdateState (a loss tracker in a custom loop).</summary>
public sealed class Mean(string name = "mean") : Reduce(name, mean: true);
