using Strata.Saving;

namespace Strata.Metrics;

// Saving a compiled model: a metric object as Keras's get_config writes it, and back.
public abstract partial class Metric
{
    /// <summary>The arguments that rebuild the metric, by Keras's names: name, dtype, then its own (threshold...).</summary>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["dtype"] = "float32" };

    /// <summary>A metric from its class name and config, built in or registered (<see cref="CustomObjects"/>); null for a class or function Strata does not know.</summary>
    internal static Metric? FromConfig(string className, ConfigNode c)
    {
        string? name = c.OptionalString("name");
        float? threshold = c.Has("thresholds") ? c.Float("thresholds", 0f, 1f) : null;
        return className switch
        {
            nameof(Accuracy) => new Accuracy(name),
            nameof(BinaryAccuracy) => new BinaryAccuracy(c.Has("threshold") ? c.Float("threshold") : 0.5f, name),
            nameof(CategoricalAccuracy) => new CategoricalAccuracy(name),
            nameof(SparseCategoricalAccuracy) => new SparseCategoricalAccuracy(name),
            nameof(MeanAbsoluteError) => new MeanAbsoluteError(name),
            nameof(MeanSquaredError) => new MeanSquaredError(name),
            nameof(Precision) => new Precision(threshold, c.OptionalInt("top_k", 1), c.OptionalInt("class_id", 0), name),
            nameof(Recall) => new Recall(threshold, c.OptionalInt("top_k", 1), c.OptionalInt("class_id", 0), name),
            // tf.keras saves a compile-time metric name as the wrapper of its function: {"fn": "categorical_accuracy"}.
            nameof(MeanMetricWrapper) when c.OptionalString("fn") is string fn && Known(fn) => Named(Get(fn), name),
            _ => CustomObjects.Create<Metric>(className, c.Json),
        };
    }

    private static bool Known(string identifier) => Registry.ContainsKey(identifier) || CustomObjects.Function(identifier) is not null;

    private static Metric Named(Metric metric, string? name)
    {
        if (name is not null) metric.Name = name;
        return metric;
    }
}
