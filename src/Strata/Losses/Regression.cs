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

}
