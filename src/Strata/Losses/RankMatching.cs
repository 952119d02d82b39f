using Strata.Kernels;

namespace Strata.Losses;

/// <summary>
/// The shape rules Keras applies before comparing targets with predictions (and losses with
/// sample weights): labels of shape (n) against predictions (n, 1) and the like.
/// </summary>
internal static class RankMatching
{
    /// <summary>
    /// When the ranks differ by exactly one and the higher-rank tensor ends in a dimension of 1,
    /// squeezes that dimension away, or, when the other tensor has rank 1 and
    /// <paramref name="expandRank1"/> is set, gives the rank-1 tensor a trailing 1 instead
    /// (Keras's squeeze_or_expand_to_same_rank).
    /// </summary>
    public static (Tensor X1, Tensor X2) SqueezeOrExpand(Tensor x1, Tensor x2, bool expandRank1 = true)
    {
        int r1 = x1.Rank, r2 = x2.Rank;
        if (r1 == r2) return (x1, x2);
        if (r1 == r2 + 1 && x1.Shape[-1] == 1)
        {
            if (r2 == 1 && expandRank1) x2 = Ops.ExpandDims(x2, -1);
            else x1 = Ops.Squeeze(x1, -1);
        }
        if (r2 == r1 + 1 && x2.Shape[-1] == 1)
        {
            if (r1 == 1 && expandRank1) x1 = Ops.ExpandDims(x1, -1);
            else x2 = Ops.Squeeze(x2, -1);
        }
        return (x1, x2);
    }

    /// <summary>Throws unless the two shapes are equal, naming the caller and both shapes.</summary>
    public static void RequireSameShape(Tensor yTrue, Tensor yPred, string who, string hint = "")
    {
        if (yTrue.Shape != yPred.Shape)
        {
            throw new ArgumentException($"{who}: yTrue and yPred must have the same shape, got yTrue {yTrue.Shape} and yPred {yPred.Shape}.{hint}");
        }
    }

    /// <summary>Throws unless <paramref name="weights"/> broadcasts against <paramref name="values"/>.</summary>
    public static void RequireBroadcastable(Tensor values, Tensor weights, string who, string what)
    {
        if (!Broadcasting.TryResult(values.Shape, weights.Shape, out Shape result) || result != values.Shape)
        {
            throw new ArgumentException($"{who}: sampleWeight of shape {weights.Shape} does not match the {what} of shape {values.Shape}; give one weight per sample, shaped (n) or (n, 1), or a scalar.");
        }
    }

    /// <summary>The tensor as float32 (itself when it already is, so a tape keeps tracking it).</summary>
    public static Tensor Float(Tensor x, string what)
    {
        ArgumentNullException.ThrowIfNull(x, what);
        return x.DType == DType.Float32 ? x : x.AsType(DType.Float32);
    }

}
