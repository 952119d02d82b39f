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

    /// <summary>The Keras name given ("accuracy", "mae", ...), or null for a metric object.</summary>
    public string? Name { get; }

    /// <summary>The metric object given, or null for a name.</summary>
    public Metric? Metric { get; }

    /// <summary>A metric by its Keras name, resolved when the model compiles.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static implicit operator MetricSpec(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), null);

    /// <summary>A metric object, used as given.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="metric"/> is null.</exception>
    public static implicit operator MetricSpec(Metric metric) => new(null, metric ?? throw new ArgumentNullException(nameof(metric)));

    /// <summary>The name given, or the metric object's name.</summary>
    public override string ToString() => Name ?? Metric!.Name;
}
