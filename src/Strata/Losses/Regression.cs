namespace Strata.Losses;

/// <summary>What the regression losses (and metrics) share: matching shapes, averaging the last axis.</summary>
internal static class Regression
{
    /// <summary>
    /// Both as float32 with Keras's rank matching ((n) against (n, 1) is fine). Then the shapes
    /// must be equal: Keras would broadcast (n) against (n, n) into a silently wrong loss.
    /// </summary>
    public static (Tensor YTrue, Tensor YPred) Match(Tensor yTrue, Tensor yPred, string who)
    {
        Tensor t = RankMatching.Float(yTrue, nameof(yTrue)), p = RankMatching.Float(yPred, nameof(yPred));
        (t, p) = RankMatching.SqueezeOrExpand(t, p);
        RankMatching.RequireSameShape(t, p, who);
        return (t, p);
    }

    /// <summary>The mean over the last axis (a scalar stays a scalar).</summary>
    public static Tensor MeanLastAxis(Tensor x) => x.Rank == 0 ? x : Ops.Mean(x, -1);

    /// <summary>
    /// The row form of a loss that averages term(yTrue - yPred) over the last axis: the sum over rows of those
    /// means, and scale · d/dyPred of it, given each term's value and derivative with respect to the difference d.
    /// </summary>
    public static float SumRows(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, int columns, float scale,
        Span<float> gradient, Func<float, (float Value, float DerivativeByPred)> term)
    {
        float perElement = scale / columns, sum = 0f;
        for (int start = 0; start < yPred.Length; start += columns)
        {
            float rowSum = 0f;
            for (int i = start; i < start + columns; i++)
            {
                (float value, float derivative) = term(yTrue[i] - yPred[i]);
                rowSum += value;
                gradient[i] = perElement * derivative;
            }
            sum += rowSum / columns;
        }
        return sum;
    }
}
