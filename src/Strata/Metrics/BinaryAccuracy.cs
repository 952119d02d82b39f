using Strata.Losses;

namespace Strata.Metrics;

/// <summary>
/// How often a thresholded prediction (1 where yPred &gt; threshold, else 0) equals the 0/1 target,
/// over every element.
/// </summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">Predictions above it count as 1 (Keras's default 0.5).</param>
    /// <param name="name">The metric's name; "binary_accuracy" by default.</param>
    public BinaryAccuracy(double threshold = 0.5, string? name = null)
        : base((t, p) => Matches(t, p, (float)threshold), name ?? "binary_accuracy")
    {
        Threshold = (float)threshold;
    }

    /// <summary>Predictions above it count as 1 (Keras's <c>threshold</c>, default 0.5).</summary>
    public float Threshold { get; }

    private static Tensor Matches(Tensor yTrue, Tensor yPred, float threshold)
    {
        (Tensor t, Tensor p) = RankMatching.SqueezeOrExpand(yTrue, yPred.AsType(DType.Float32));
        RankMatching.RequireSameShape(t, p, nameof(BinaryAccuracy));
        Tensor predicted = Ops.Greater(p, Tensor.Scalar(threshold)).AsType(DType.Float32);
        return Ops.Equal(t.AsType(DType.Float32), predicted).AsType(DType.Float32);
    }

    /// <summary>The config: name, dtype and threshold.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["threshold"] = Threshold;
        return config;
    }
}
