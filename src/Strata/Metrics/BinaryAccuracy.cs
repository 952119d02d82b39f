using Strata.Losses;

namespace Strata.Metrics;

/// <summary>
/// How often a thresholded prediction (1 where yPred &gt; threshold, else 0) equals the 0/1 target,
/// over every element.
/// </summary>
public sealed class BinaryAccuracy : MeanMetricWrapper
{
    public BinaryAccuracy(float threshold = 0.5f, string? name = null)
        : base((t, p) => Matches(t, p, threshold), name ?? "binary_accuracy")
    {
        Threshold = threshold;
    }

    public float Threshold { get; }

    private static Tensor Matches(Tensor yTrue, Tensor yPred, float threshold)
    {
        (Tensor t, Tensor p) = RankMatching.SqueezeOrExpand(yTrue, yPred.AsType(DType.Float32));
        RankMatching.RequireSameShape(t, p, nameof(BinaryAccuracy));
        Tensor predicted = Ops.Greater(p, Tensor.Scalar(threshold)).AsType(DType.Float32);
        return Ops.Equal(t.AsType(DType.Float32), predicted).AsType(DType.Float32);
    }

    internal override bool AcceptsRows(Tensor yTrue, int rows, int columns) => RankMatching.IsDenseFloatRows(yTrue, rows, columns);

    private protected override double SumRows(Tensor yTrue, ReadOnlySpan<float> yPred, int rows, int columns)
    {
        ReadOnlySpan<float> t = yTrue.Data<float>();
        double sum = 0;
        for (int start = 0; start < rows * columns; start += columns)
        {
            int matches = 0;
            for (int i = start; i < start + columns; i++)
            {
                if (t[i] == (yPred[i] > Threshold ? 1f : 0f)) matches++;
            }
            sum += (float)matches / columns;
        }
        return sum;
    }
}
