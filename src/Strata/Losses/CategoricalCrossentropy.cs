namespace Strata.Losses;

/// <summary>
/// Crossentropy between one-hot (or soft) targets and predicted class probabilities:
/// -sum(yTrue · log(yPred)) along <c>axis</c>. For integer labels use
/// <see cref="SparseCategoricalCrossentropy"/>.
/// </summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <param name="fromLogits">yPred holds logits (computed stably with log-softmax) instead of probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]: targets become yTrue·(1 - s) + s / numClasses.</param>
    /// <param name="axis">The class axis.</param>
    /// <param name="reduction">"sum_over_batch_size" (the default), "sum", "mean", "mean_with_sample_weight" or "none".</param>
    /// <param name="name">The loss's name.</param>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "categorical_crossentropy")
        : base(name, reduction)
    {
        Probabilities.CheckLabelSmoothing((float)labelSmoothing);
        FromLogits = fromLogits;
        LabelSmoothing = (float)labelSmoothing;
        Axis = axis;
    }

    /// <summary>Whether yPred holds logits rather than probabilities (Keras's <c>from_logits</c>, default false).</summary>
    public bool FromLogits { get; }

    /// <summary>How far targets are smoothed toward uniform, in [0, 1] (Keras's <c>label_smoothing</c>, default 0).</summary>
    public float LabelSmoothing { get; }

    /// <summary>The class axis (Keras's <c>axis</c>, default -1).</summary>
    public int Axis { get; }

    /// <summary>The per-sample losses: -sum(yTrue · log(yPred)) along <see cref="Axis"/>.</summary>
    /// <param name="yTrue">One-hot (or soft) targets, the shape of <paramref name="yPred"/>.</param>
    /// <param name="yPred">The predicted probabilities, or logits with <see cref="FromLogits"/>.</param>
    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        Tensor t = RankMatching.Float(yTrue, nameof(yTrue)), p = RankMatching.Float(yPred, nameof(yPred));
        (t, p) = RankMatching.SqueezeOrExpand(t, p);
        RankMatching.RequireSameShape(t, p, nameof(CategoricalCrossentropy),
            " Targets must be one-hot; for integer class labels use SparseCategoricalCrossentropy.");
        if (p.Rank == 0) throw new ArgumentException($"{nameof(CategoricalCrossentropy)}: yPred must have a class axis, got a scalar.", nameof(yPred));
        int axis = Shape.NormalizeAxis(Axis, p.Rank, nameof(CategoricalCrossentropy));
        if (LabelSmoothing > 0f)
        {
            t = t * (1f - LabelSmoothing) + LabelSmoothing / p.Shape[axis];
        }
        return -Ops.Sum(t * Probabilities.LogProbabilities(p, FromLogits, axis), axis);
    }

    /// <summary>The config: name, reduction, from_logits, label_smoothing and axis.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        return config;
    }
}
