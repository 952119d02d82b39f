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

/// <summary>
/// One sample's crossentropy against target probabilities, with its gradient, for the planned step:
/// the same steps as the eager form (renormalize, clip, log, or log-softmax of logits), differentiated by hand.
/// </summary>
internal static class RowCrossentropy
{
    /// <summary>-sum(t · log p̂) for one row; writes scale · d/dp (or d/dlogits) into <paramref name="gradient"/>.</summary>
    public static float Row(ReadOnlySpan<float> p, ReadOnlySpan<float> t, bool fromLogits, float scale, Span<float> gradient) =>
        fromLogits ? FromLogits(p, t, scale, gradient) : FromProbabilities(p, t, scale, gradient);

    /// <summary>
    /// q = p / sum(p), clipped to [ε, 1-ε]: dL/dq = -t / q where the clip lets the gradient through, and through
    /// the renormalization dL/dp_k = (dL/dq_k - Σ_j dL/dq_j · q_j) / sum(p).
    /// </summary>
    private static float FromProbabilities(ReadOnlySpan<float> p, ReadOnlySpan<float> t, float scale, Span<float> gradient)
    {
        float s = System.Numerics.Tensors.TensorPrimitives.Sum(p), loss = 0f, dot = 0f;
        for (int j = 0; j < p.Length; j++)
        {
            float q = p[j] / s, c = Math.Clamp(q, Probabilities.Epsilon, 1f - Probabilities.Epsilon);
            loss -= t[j] * MathF.Log(c);
            float dq = q >= Probabilities.Epsilon && q <= 1f - Probabilities.Epsilon ? -t[j] / c : 0f;
            gradient[j] = dq;
            dot += dq * q;
        }
        for (int j = 0; j < p.Length; j++) gradient[j] = scale * (gradient[j] - dot) / s;
        return loss;
    }

    /// <summary>log-softmax: L = -Σ t_j (z_j - logsumexp z), dL/dz = softmax(z) · Σt - t.</summary>
    private static float FromLogits(ReadOnlySpan<float> z, ReadOnlySpan<float> t, float scale, Span<float> gradient)
    {
        Kernels.SoftmaxKernel.Row(z, gradient, log: true); // gradient holds log-softmax for now
        float loss = 0f, targetSum = 0f;
        for (int j = 0; j < z.Length; j++)
        {
            loss -= t[j] * gradient[j];
            targetSum += t[j];
        }
        for (int j = 0; j < z.Length; j++) gradient[j] = scale * ((MathF.Exp(gradient[j]) * targetSum) - t[j]);
        return loss;
    }
}
