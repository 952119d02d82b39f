namespace Strata.Metrics;

/// <summary>
/// The fraction of predicted positives that are truly positive: tp / (tp + fp), weighted. A
/// prediction is positive where it exceeds the threshold; a label where it is non-zero.
/// </summary>
public sealed class Precision : Metric
{
    private readonly ConfusionCounts _counts;

    /// <param name="threshold">In [0, 1]; defaults to 0.5, or with <paramref name="topK"/> alone to no threshold at all (Keras's thresholds, one value).</param>
    /// <param name="topK">Count only the k largest predictions of each row as positive.</param>
    /// <param name="classId">Measure one class of multi-class predictions (samples, classes).</param>
    public Precision(double? threshold = null, int? topK = null, int? classId = null, string? name = null)
        : base(name ?? "precision")
    {
        _counts = new ConfusionCounts((float?)threshold, topK, classId, nameof(Precision));
        TopK = topK;
        ClassId = classId;
    }

    public float Threshold => _counts.Threshold;

    public int? TopK { get; }

    public int? ClassId { get; }

    public double TruePositives => _counts.TruePositives;

    public double FalsePositives => _counts.FalsePositives;

    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => _counts.Update(yTrue, yPred, sampleWeight);

    /// <summary>tp / (tp + fp), or 0 when nothing was predicted positive.</summary>
    public override double Result()
    {
        double denominator = _counts.TruePositives + _counts.FalsePositives;
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
