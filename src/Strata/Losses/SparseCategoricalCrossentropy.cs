namespace Strata.Losses;

/// <summary>
/// Crossentropy between integer class labels and predicted class probabilities (or logits):
/// -log(yPred[label]). Labels may be Int32, Int64 or whole Float32 values, shaped (n) or (n, 1).
/// </summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <param name="fromLogits">yPred holds logits (computed stably with log-softmax) instead of probabilities.</param>
    /// <param name="ignoreClass">A label (e.g. -1 or 255 for "void") whose entries count neither in the loss nor in its average.</param>
    /// <param name="axis">The class axis of yPred.</param>
    /// <param name="reduction">"sum_over_batch_size" (the default), "sum", "mean", "mean_with_sample_weight" or "none".</param>
    /// <param name="name">The loss's name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, int? ignoreClass = null,
        string reduction = "sum_over_batch_size", int axis = -1, string name = "sparse_categorical_crossentropy")
        : base(name, reduction)
    {
        FromLogits = fromLogits;
        IgnoreClass = ignoreClass;
        Axis = axis;
    }

    /// <summary>Whether yPred holds logits rather than probabilities (Keras's <c>from_logits</c>, default false).</summary>
    public bool FromLogits { get; }

    /// <summary>A label whose entries are left out of the loss and its average, or null (Keras's <c>ignore_class</c>, default null).</summary>
    public int? IgnoreClass { get; }

    /// <summary>The class axis of yPred (Keras's <c>axis</c>, default -1).</summary>
    public int Axis { get; }

    /// <summary>The per-sample losses: -log(yPred[label]) along <see cref="Axis"/>, 0 for ignored entries.</summary>
    /// <param name="yTrue">Integer class labels, shaped as <paramref name="yPred"/> without its class axis (or with a 1 there).</param>
    /// <param name="yPred">The predicted probabilities, or logits with <see cref="FromLogits"/>.</param>
    /// <exception cref="ArgumentException">A label lies outside [0, classes) and is not <see cref="IgnoreClass"/>.</exception>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => ComputeMasked(yTrue, yPred).Losses;

    private protected override (Tensor Losses, Tensor? Mask) ComputeMasked(Tensor yTrue, Tensor yPred)
    {
        const string who = nameof(SparseCategoricalCrossentropy);
        Tensor p = RankMatching.Float(yPred, nameof(yPred));
        if (p.Rank == 0) throw new ArgumentException($"{who}: yPred must have a class axis, got a scalar.", nameof(yPred));
        int axis = Shape.NormalizeAxis(Axis, p.Rank, who);
        int classes = p.Shape[axis];
        Tensor labels = SparseLabels.Checked(SparseLabels.Match(yTrue, p, axis, who), classes, IgnoreClass, who);

        Tensor? valid = null;
        if (IgnoreClass is int ignored)
        {
            valid = Ops.NotEqual(labels, Tensor.Scalar((long)ignored));
            labels = Ops.Where(valid, labels, Tensor.Scalar(0L));
        }
        Tensor oneHot = SparseLabels.OneHot(labels, classes, axis);
        Tensor losses = -Ops.Sum(oneHot * Probabilities.LogProbabilities(p, FromLogits, axis), axis);
        // Ignored entries get a zero loss. (Keras also zeroes their predictions first, which can
        // put a NaN into the gradient; selecting afterwards gives the same value without it.)
        if (valid is not null) losses = Ops.Where(valid, losses, 0f);
        return (losses, valid);
    }

    /// <summary>The config: name, reduction, from_logits, ignore_class and axis.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["ignore_class"] = IgnoreClass;
        config["axis"] = Axis;
        return config;
    }
}
