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
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "categorical_crossentropy")
        : base(name, reduction)
    {
        Probabilities.CheckLabelSmoothing((float)labelSmoothing);
        FromLogits = fromLogits;
        LabelSmoothing = (float)labelSmoothing;
        Axis = axis;
    }

    public bool FromLogits { get; }

    public float LabelSmoothing { get; }

    public int Axis { get; }

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

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        return config;
    }
}
