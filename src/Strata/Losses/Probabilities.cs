namespace Strata.Losses;

/// <summary>What the crossentropies share: Keras's epsilon and the clipping of probabilities.</summary>
internal static class Probabilities
{
    /// <summary>Keras's backend epsilon (keras.config.epsilon()), in float32.</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>
    /// Clips to [epsilon, 1 - epsilon] as Keras does, so log never sees 0 and saturated
    /// predictions give a finite loss; the gradient is 0 where the clip bites, never NaN.
    /// (1 - 1e-7 rounds to 0.99999988 in float32, as in Keras.)
    /// </summary>
    public static Tensor Clip(Tensor p) => Ops.Clip(p, Epsilon, 1f - Epsilon);

    /// <summary>The log-probabilities along <paramref name="axis"/>: log-softmax of logits, or of renormalized, clipped probabilities.</summary>
    public static Tensor LogProbabilities(Tensor yPred, bool fromLogits, int axis)
    {
        if (fromLogits) return Ops.LogSoftmax(yPred, axis);
        // Keras renormalizes first, so rows that do not sum to 1 are treated as distributions.
        Tensor p = yPred / Ops.Sum(yPred, axis, keepDims: true);
        return Ops.Log(Clip(p));
    }

    public static void CheckLabelSmoothing(float labelSmoothing)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must lie in [0, 1].");
        }
    }
}
