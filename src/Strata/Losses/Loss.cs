using Strata.Saving;

namespace Strata.Losses;

/// <summary>
/// A loss function, as Keras's <c>keras.losses.Loss</c>: <see cref="Compute"/> gives one loss per
/// sample (Keras's <c>call</c>), <see cref="Call"/> weights and reduces them to the scalar that
/// training minimizes (Keras's <c>__call__</c>). Everything is built from <see cref="Ops"/>, so a
/// <see cref="GradientTape"/> differentiates through it.
/// </summary>
public abstract partial class Loss
{
    /// <param name="name">Keras's snake_case name, e.g. "categorical_crossentropy".</param>
    /// <param name="reduction">
    /// "sum_over_batch_size" (the default: weighted sum / number of per-sample losses), "sum",
    /// "mean" (same as the default), "mean_with_sample_weight" (weighted sum / sum of the
    /// weights) or "none" (the weighted per-sample losses, unreduced).
    /// </param>
    protected Loss(string name, string reduction = "sum_over_batch_size")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Reduction = LossReduction.Standardize(reduction);
    }

    /// <summary>The loss's name, e.g. "categorical_crossentropy" (Keras's <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>How <see cref="Call"/> reduces the weighted losses, standardized (Keras's <c>reduction</c>, default "sum_over_batch_size").</summary>
    public string Reduction { get; }

    /// <summary>The per-sample losses, before weighting and reduction.</summary>
    public abstract Tensor Compute(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// The loss, weighted by <paramref name="sampleWeight"/> (a scalar, one weight per sample
    /// shaped (n) or (n, 1), or one per loss element) and reduced as <see cref="Reduction"/> says.
    /// </summary>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        (Tensor losses, Tensor? mask) = ComputeMasked(yTrue, yPred);
        return LossReduction.Apply(losses, sampleWeight, mask, Reduction, GetType().Name);
    }

    /// <summary>
    /// The per-sample losses and, for losses that skip some entries (ignoreClass), a bool mask of
    /// the entries that count; the reduction then averages over those entries only.
    /// </summary>
    private protected virtual (Tensor Losses, Tensor? Mask) ComputeMasked(Tensor yTrue, Tensor yPred) => (Compute(yTrue, yPred), null);

    /// <summary>The class, name and reduction, e.g. "&lt;MeanSquaredError name=mean_squared_error, reduction=sum_over_batch_size&gt;".</summary>
    public override string ToString() => $"<{GetType().Name} name={Name}, reduction={Reduction}>";

    /// <summary>A Keras name where a loss is expected: <c>loss: "categorical_crossentropy"</c>.</summary>
    public static implicit operator Loss(string identifier) => Get(identifier);

    /// <summary>
    /// A loss by name, as <c>keras.losses.get</c>: the snake_case function name, the class name,
    /// or an alias ("mse", "mae", "bce"), or a function's name registered with <see cref="CustomObjects.Register(string, Func{Tensor, Tensor, Tensor})"/>.
    /// </summary>
    public static Loss Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (Registry.TryGetValue(identifier, out Func<Loss>? create)) return create();
        return CustomObjects.Function(identifier) is { } fn ? new LossFunctionWrapper(fn, name: identifier)
            : throw new ArgumentException($"Loss.Get: unknown loss \"{identifier}\". Known names: {string.Join(", ", Registry.Keys.Order(StringComparer.Ordinal))}; a function of your own is registered first with CustomObjects.Register(name, fn).", nameof(identifier));
    }

    private static readonly Dictionary<string, Func<Loss>> Registry = new(StringComparer.Ordinal)
    {
        ["categorical_crossentropy"] = () => new CategoricalCrossentropy(),
        ["CategoricalCrossentropy"] = () => new CategoricalCrossentropy(),
        ["sparse_categorical_crossentropy"] = () => new SparseCategoricalCrossentropy(),
        ["SparseCategoricalCrossentropy"] = () => new SparseCategoricalCrossentropy(),
        ["binary_crossentropy"] = () => new BinaryCrossentropy(),
        ["BinaryCrossentropy"] = () => new BinaryCrossentropy(),
        ["bce"] = () => new BinaryCrossentropy(),
        ["BCE"] = () => new BinaryCrossentropy(),
        ["mean_squared_error"] = () => new MeanSquaredError(),
        ["MeanSquaredError"] = () => new MeanSquaredError(),
        ["mse"] = () => new MeanSquaredError(),
        ["MSE"] = () => new MeanSquaredError(),
        ["mean_absolute_error"] = () => new MeanAbsoluteError(),
        ["MeanAbsoluteError"] = () => new MeanAbsoluteError(),
        ["mae"] = () => new MeanAbsoluteError(),
        ["MAE"] = () => new MeanAbsoluteError(),
        ["huber"] = () => new Huber(),
        ["Huber"] = () => new Huber(),
    };
}
