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
    /// <param name="name">The metric's name; "recall" by default.</param>
    public Recall(double? threshold = null, int? topK = null, int? classId = null, string? name = null)
        : base(name ?? "recall")
    {
        _counts = new ConfusionCounts((float?)threshold, topK, classId, nameof(Recall));
        TopK = topK;
        ClassId = classId;
    }

    /// <summary>The threshold in use: 0.5 by default, or -1e10 (none) with <see cref="TopK"/> alone (Keras's <c>thresholds</c>, one value).</summary>
    public float Threshold => _counts.Threshold;

    /// <summary>How many of each row's largest predictions count as positive, or null for all (Keras's <c>top_k</c>).</summary>
    public int? TopK { get; }

    /// <summary>The one class measured, or null for all (Keras's <c>class_id</c>).</summary>
    public int? ClassId { get; }

    /// <summary>The weighted count of true positives so far.</summary>
    public double TruePositives => _counts.TruePositives;

    /// <summary>The weighted count of false negatives so far.</summary>
    public double FalseNegatives => _counts.FalseNegatives;

    /// <summary>Adds a batch's weighted true positives and false negatives.</summary>
    /// <param name="yTrue">The labels, positive where non-zero; the shape of <paramref name="yPred"/> up to a trailing 1.</param>
    /// <param name="yPred">The predictions, positive where above <see cref="Threshold"/>.</param>
    /// <param name="sampleWeight">Optional weights, one per sample or one per element.</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => _counts.Update(yTrue, yPred, sampleWeight);

    /// <summary>tp / (tp + fn), or 0 when there were no positive labels.</summary>
    public override double Result()
    {
        double denominator = _counts.TruePositives + _counts.FalseNegatives;
        return denominator == 0 ? 0 : _counts.TruePositives / denominator;
    }

    /// <summary>Sets the counts to 0.</summary>
    public override void ResetState() => _counts.Reset();

    /// <summary>The config: name, dtype, thresholds (null with top_k alone), top_k and class_id.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        _counts.WriteConfig(config);
        return config;
    }
}
