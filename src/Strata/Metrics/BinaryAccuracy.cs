using Strata.Losses;

namespace Strata.Metrics;

/// <summary>
/// How often a thresholded prediction (1 where yPred &gt; threshold, else 0) equals the 0/1 target,
/// over every element.
/// </summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    public BinaryAccuracy(double threshold = 0.5, string? name = null)
        : base((t, p) => Matches(t, p, (float)threshold), name ?? "binary_accuracy")
    {
        Threshold = (float)threshold;
    }

    public float Threshold { get; }

    private static Tensor Matches(Tensor yTrue, Tensor yPred, float threshold)
    {
        (Tensor t, Tensor p) = RankMatching.SqueezeOrExpand(yTrue, yPred.AsType(DType.Float32));
        RankMatching.RequireSameShape(t, p, nameof(BinaryAccuracy));
        Tensor predicted = Ops.Greater(p, Tensor.Scalar(threshold)).AsType(DType.Float32);
        return Ops.Equal(t.AsType(DType.Float32), predicted).AsType(DType.Float32);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["threshold"] = Threshold;
        return config;
    }
}
