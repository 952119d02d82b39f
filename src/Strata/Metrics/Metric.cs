using Strata.Losses;
using Strata.Saving;

namespace Strata.Metrics;

/// <summary>
/// A running measure of model quality, as Keras's <c>keras.metrics.Metric</c>: accumulate
/// batches with <see cref="UpdateState"/>, read <see cref="Result"/>, start over with
/// <see cref="ResetState"/>. State is kept in double precision so long epochs do not drift, and
/// updating never records on a <see cref="GradientTape"/>.
/// </summary>
public abstract partial class Metric
{
    /// <summary>Sets the metric's name.</summary>
    /// <param name="name">The name shown in logs and history; not empty.</param>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name shown in logs and history (Keras's metric.name).</summary>
    public string Name { get; internal set; }

    /// <summary>Accumulates the statistics of one batch (Keras's <c>update_state</c>); never recorded on a tape.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional weights, one per sample (or a scalar), or null.</param>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null);

    /// <summary>The metric's current value from the accumulated state (Keras's <c>result</c>).</summary>
    public abstract double Result();

    /// <summary>Clears the accumulated state, as at the start of each epoch (Keras's <c>reset_state</c>).</summary>
    public abstract void ResetState();

    /// <summary>The class and name, e.g. "&lt;Accuracy name=accuracy&gt;".</summary>
    public override string ToString() => $"<{GetType().Name} name={Name}>";

    /// <summary>
    /// A new metric by name, as <c>keras.metrics.get</c>: the snake_case or class name, or an
    /// alias ("mse", "mae"). "accuracy" is exact-match <see cref="Accuracy"/>; to get the accuracy
    /// that suits the targets, as compile does, use <see cref="Resolve"/>.
    /// </summary>
    public static Metric Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (Registry.TryGetValue(identifier, out Func<Metric>? create)) return create();
        return CustomObjects.Function(identifier) is { } fn ? new MeanMetricWrapper(fn, identifier)
            : throw new ArgumentException($"Metric.Get: unknown metric \"{identifier}\". Known names: {string.Join(", ", Registry.Keys.Order(StringComparer.Ordinal))}; for compile-style \"accuracy\"/\"acc\" use Metric.Resolve; a function of your own is registered first with CustomObjects.Register(name, fn).", nameof(identifier));
    }

    /// <summary>
    /// Resolves a metric name given to compile, as Keras 3's compile does once the shapes are
    /// known: "accuracy" or "acc" (any case) becomes <see cref="BinaryAccuracy"/> when predictions
    /// have one column, <see cref="SparseCategoricalAccuracy"/> when targets are integer labels
    /// (lower rank, or a last dimension of 1 against several classes), else
    /// <see cref="CategoricalAccuracy"/>. Any other name goes to <see cref="Get"/>. Either way the
    /// metric is named by the identifier, as Keras's logs show it ("accuracy", "mae").
    /// </summary>
    /// <param name="identifier">The name given to compile, e.g. "accuracy" or "mae".</param>
    /// <param name="yTrue">The shape of the targets.</param>
    /// <param name="yPred">The shape of the predictions.</param>
    /// <param name="loss">
    /// Accepted for callers that have it; like Keras 3 (and tf.keras since 2.2), the choice is
    /// made from the shapes alone, so a multi-label binary_crossentropy model with "accuracy" gets
    /// categorical accuracy there too — pass <see cref="BinaryAccuracy"/> explicitly for that.
    /// </param>
    public static Metric Resolve(string identifier, Shape yTrue, Shape yPred, Loss? loss)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        _ = loss;
        string lower = identifier.ToLowerInvariant();
        if (lower is not ("accuracy" or "acc"))
        {
            Metric metric = Get(identifier);
            metric.Name = identifier;
            return metric;
        }
        int trueLast = yTrue.Rank == 0 ? 1 : yTrue[-1], predLast = yPred.Rank == 0 ? 1 : yPred[-1];
        bool isBinary = predLast == 1;
        bool isSparse = yTrue.Rank < yPred.Rank || (trueLast == 1 && predLast > 1);
        if (isBinary) return new BinaryAccuracy(name: identifier);
        if (isSparse) return new SparseCategoricalAccuracy(name: identifier);
        return new CategoricalAccuracy(name: identifier);
    }

    private static readonly Dictionary<string, Func<Metric>> Registry = new(StringComparer.Ordinal)
    {
        ["accuracy"] = () => new Accuracy(),
        ["Accuracy"] = () => new Accuracy(),
        ["binary_accuracy"] = () => new BinaryAccuracy(),
        ["BinaryAccuracy"] = () => new BinaryAccuracy(),
        ["categorical_accuracy"] = () => new CategoricalAccuracy(),
        ["CategoricalAccuracy"] = () => new CategoricalAccuracy(),
        ["sparse_categorical_accuracy"] = () => new SparseCategoricalAccuracy(),
        ["SparseCategoricalAccuracy"] = () => new SparseCategoricalAccuracy(),
        ["mean_absolute_error"] = () => new MeanAbsoluteError(),
        ["MeanAbsoluteError"] = () => new MeanAbsoluteError(),
        ["mae"] = () => new MeanAbsoluteError(),
        ["MAE"] = () => new MeanAbsoluteError(),
        ["mean_squared_error"] = () => new MeanSquaredError(),
        ["MeanSquaredError"] = () => new MeanSquaredError(),
        ["mse"] = () => new MeanSquaredError(),
        ["MSE"] = () => new MeanSquaredError(),
        ["precision"] = () => new Precision(),
        ["Precision"] = () => new Precision(),
        ["recall"] = () => new Recall(),
        ["Recall"] = () => new Recall(),
    };
}
