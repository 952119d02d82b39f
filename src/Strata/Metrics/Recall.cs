namespace Strata.Metrics;

/// <summary>
/// The fraction of true positives that were predicted positive: tp / (tp + fn), weighted. A
/// prediction is positive where it exceeds the threshold; a label where it is non-zero.
/// </summary>
public sealed class Recall : Metric
{
    private readonly ConfusionCounts _counts;

    /// <param name="threshold">In [0, 1]; defaults to 0.5, or with <paramref name="topK"/> alone to no threshold at all (Keras's thresholds, one value).</param>
    /// <param name="topK">Count only the k largest predictions of each row as positive.</param>
    /// <param name="classId">Measure one class of multi-class predictions (samples, classes).</param>
    public Recall(double? threshold = null, int? topK = null, int? classId = null, string? name = null)
        : base(name ?? "recall")
    {
        _counts = new ConfusionCounts((float?)threshold, topK, classId, nameof(Recall));
        TopK = topK;
        ClassId = classId;
    }

    public float Threshold => _counts.Threshold;

    public int? TopK { get; }

    public int? ClassId { get; }

    public double TruePositives => _counts.TruePositives;

    public double FalseNegatives => _counts.FalseNegatives;

    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => _counts.Update(yTrue, yPred, sampleWeight);

    /// <summary>tp / (tp + fn), or 0 when there were no positive labels.</summary>
    public override double Result()
    {
        double denominator = _counts.TruePositives + _counts.FalseNegatives;
        return denominator == 0 ? 0 : _counts.TruePositives / denominator;
    }

    public override void ResetState() => _counts.Reset();

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        _counts.WriteConfig(config);
        return config;
    }
}
