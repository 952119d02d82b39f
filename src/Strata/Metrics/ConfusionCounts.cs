using Strata.Losses;

namespace Strata.Metrics;

/// <summary>
/// Weighted true-positive, false-positive and false-negative counts at one threshold, as Keras's
/// update_confusion_matrix_variables: a prediction is positive where it exceeds the threshold
/// (and, with topK, is among the k largest of its row); a label is positive where it is non-zero.
/// </summary>
internal sealed class ConfusionCounts
{
    /// <summary>Keras's NEG_INF: the threshold used with topK alone, and the value that hides entries outside the top k.</summary>
    private const float NegInf = -1e10f;

    private readonly float _threshold;
    private readonly int? _topK;
    private readonly int? _classId;

    public ConfusionCounts(float? threshold, int? topK, int? classId, string who)
    {
        if (threshold is float t && !(t >= 0f && t <= 1f)) throw new ArgumentOutOfRangeException(nameof(threshold), t, $"{who}: threshold must lie in [0, 1].");
        if (topK is int k && k < 1) throw new ArgumentOutOfRangeException(nameof(topK), k, $"{who}: topK must be at least 1.");
        if (classId is int c && c < 0) throw new ArgumentOutOfRangeException(nameof(classId), c, $"{who}: classId must be non-negative.");
        _threshold = threshold ?? (topK is null ? 0.5f : NegInf);
        _topK = topK;
        _classId = classId;
        Who = who;
    }

    public string Who { get; }

    public float Threshold => _threshold;

    public double TruePositives { get; private set; }

    public double FalsePositives { get; private set; }

    public double FalseNegatives { get; private set; }

    /// <summary>Keras's config of the metrics built on these counts: thresholds (none with top_k alone), top_k, class_id.</summary>
    public void WriteConfig(Dictionary<string, object?> config)
    {
        config["thresholds"] = _threshold < 0f ? null : _threshold;
        config["top_k"] = _topK;
        config["class_id"] = _classId;
    }

    public void Reset() => TruePositives = FalsePositives = FalseNegatives = 0;

    public void Update(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using GradientTape.SuspendScope suspended = GradientTape.Suspend();
        (Tensor p, Tensor t) = RankMatching.SqueezeOrExpand(yPred.AsType(DType.Float32), yTrue.AsType(DType.Float32));
        if (p.Shape != t.Shape) throw new ArgumentException($"{Who}: yTrue and yPred must have the same shape, got yTrue {yTrue.Shape} and yPred {yPred.Shape}.");
        Tensor? w = null;
        if (sampleWeight is not null)
        {
            // One weight per sample, (n) or (n, 1), spreads over that sample's classes.
            w = Ops.ExpandDims(sampleWeight.AsType(DType.Float32), -1);
            (_, w) = RankMatching.SqueezeOrExpand(t, w, expandRank1: false);
        }
        if (_topK is int k) p = KeepTopK(p, k);
        if (_classId is int c)
        {
            if (p.Rank < 2) throw new ArgumentException($"{Who}: with classId, yPred must have shape (samples, classes), got {p.Shape}.");
            if (c >= p.Shape[-1]) throw new ArgumentException($"{Who}: classId {c} is out of range for {p.Shape[-1]} classes.");
            p = ClassColumn(p, c);
            t = ClassColumn(t, c);
        }
        float[] weights = w is null ? [] : BroadcastWeights(w, p);
        ReadOnlySpan<float> labels = t.Data<float>(), predictions = p.Data<float>();
        double tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double weight = w is null ? 1 : weights[i];
            bool positive = labels[i] != 0f, predicted = predictions[i] > _threshold;
            if (positive && predicted) tp += weight;
            else if (predicted) fp += weight;
            else if (positive) fn += weight;
        }
        TruePositives += tp;
        FalsePositives += fp;
        FalseNegatives += fn;
    }

    private float[] BroadcastWeights(Tensor w, Tensor p)
    {
        RankMatching.RequireBroadcastable(p, w, Who, "predictions");
        return Ops.BroadcastTo(w, p.Shape.ToArray()).ToArray<float>();
    }

    /// <summary>The column of one class, keeping a trailing axis of 1 (Keras's y[..., classId, None]).</summary>
    private static Tensor ClassColumn(Tensor x, int classId)
    {
        int[] begin = new int[x.Rank], size = x.Shape.ToArray();
        begin[^1] = classId;
        size[^1] = 1;
        return Ops.Slice(x, begin, size);
    }

    /// <summary>Keeps the k largest values of each row (the first on ties, as top_k) and sets the rest to NegInf.</summary>
    private static Tensor KeepTopK(Tensor x, int k)
    {
        float[] values = x.ToArray<float>();
        int width = x.Rank == 0 ? 1 : x.Shape[-1];
        var order = new int[width];
        for (int row = 0; row < values.Length; row += width)
        {
            for (int j = 0; j < width; j++) order[j] = j;
            // A stable sort, largest first: equal values keep their index order.
            int[] ranked = order.OrderByDescending(j => values[row + j]).ToArray();
            for (int r = k; r < width; r++) values[row + ranked[r]] = NegInf;
        }
        return Tensor.FromArray(values, x.Shape.ToArray());
    }
}
