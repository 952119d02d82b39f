namespace Strata.Metrics;

/// <summary>keras.metrics.Sum: the weighted sum of every value given to UpdateState.</summary>
public sealed class Sum(string name = "sum") : Reduce(name, mean: false);
