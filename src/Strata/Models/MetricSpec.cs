using Strata.Metrics;

namespace Strata;

/// <summary>
/// A metric as Compile accepts it: a Keras name ("accuracy", "mae", ...) resolved once the shapes
/// of targets and predictions are known, or a metric object. Strings and metrics convert implicitly,
/// so <c>metrics: ["accuracy"]</c> and <c>metrics: [new BinaryAccuracy()]</c> both work.
/// </summary>
public readonly struct MetricSpec
{
    private MetricSpec(string? name, Metric? metric)
    {
        Name = name;
        Metric = metric;
    }

    public string? Name { get; }

    public Metric? Metric { get; }

    public static implicit operator MetricSpec(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), null);

    public static implicit operator MetricSpec(Metric metric) => new(null, metric ?? throw new ArgumentNullException(nameof(metric)));

    public override string ToString() => Name ?? Metric!.Name;
}
