namespace Strata.Losses;

/// <summary>
/// Crossentropy for 0/1 targets and predicted probabilities (or logits) of the positive class,
/// averaged along <c>axis</c>: -(z·log(p) + (1 - z)·log(1 - p)).
/// </summary>
public sealed class BinaryCrossentropy : Loss
{
    /// <param name="fromLogits">yPred holds logits; the loss is then computed in a form that never overflows.</param>
    /// <param name="labelSmoothing">In [0, 1]: targets are squeezed toward 0.5, z·(1 - s) + s / 2.</param>
    /// <param name="axis">The axis the elementwise losses are averaged over.</param>
    /// <param name="reduction">"sum_over_batch_size" (the default), "sum", "mean", "mean_with_sample_weight" or "none".</param>
    /// <param name="name">The loss's name.</param>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
        string reduction = "sum_over_batch_size", string name = "binary_crossentropy")
        : base(name, reduction)
    {
        Probabilities.CheckLabelSmoothing((float)labelSmoothing);
        FromLogits = fromLogits;
        LabelSmoothing = (float)labelSmoothing;
        Axis = axis;
    }

    /// <summary>Whether yPred holds logits rather than probabilities (Keras's <c>from_logits</c>, default false).</summary>
    public bool FromLogits { get; }

    /// <summary>How far targets are squeezed toward 0.5, in [0, 1] (Keras's <c>label_smoothing</c>, default 0).</summary>
    public float LabelSmoothing { get; }

    /// <summary>The axis the elementwise losses are averaged over (Keras's <c>axis</c>, default -1).</summary>
    public int Axis { get; }

    /// <summary>The per-sample losses: the elementwise crossentropy averaged along <see cref="Axis"/>.</summary>
    /// <param name="yTrue">The 0/1 targets (or soft targets), the shape of <paramref name="yPred"/> up to a trailing 1.</param>
    /// <param name="yPred">The predicted probabilities, or logits with <see cref="FromLogits"/>; at least one axis.</param>
    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        Tensor z = RankMatching.Float(yTrue, nameof(yTrue)), x = RankMatching.Float(yPred, nameof(yPred));
        (z, x) = RankMatching.SqueezeOrExpand(z, x);
        RankMatching.RequireSameShape(z, x, nameof(BinaryCrossentropy));
        if (x.Rank == 0) throw new ArgumentException($"{nameof(BinaryCrossentropy)}: yPred must have at least one axis, got a scalar.", nameof(yPred));
        if (LabelSmoothing > 0f) z = z * (1f - LabelSmoothing) + 0.5f * LabelSmoothing;
        Tensor elementwise = FromLogits ? FromLogitsLoss(z, x) : FromProbabilities(z, x);
        return Ops.Mean(elementwise, Axis);
    }

    private static Tensor FromProbabilities(Tensor z, Tensor p)
    {
        p = Probabilities.Clip(p);
        return -(z * Ops.Log(p) + (1f - z) * Ops.Log(1f - p));
    }

    /// <summary>
    /// max(x, 0) - x·z + log(1 + exp(-|x|)), TensorFlow's stable form: exp never sees a positive
    /// argument. Written with Where rather than Relu/Abs so that at x = 0 the gradient is the true
    /// sigmoid(0) - z (Abs's gradient at 0 is 0, which would drop the last term's share).
    /// </summary>
    private static Tensor FromLogitsLoss(Tensor z, Tensor x)
    {
        Tensor nonNegative = Ops.GreaterEqual(x, Tensor.Scalar(0f));
        Tensor relu = Ops.Where(nonNegative, x, 0f);
        Tensor negAbs = Ops.Where(nonNegative, -x, x);
        return relu - x * z + Ops.Log1p(Ops.Exp(negAbs));
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
