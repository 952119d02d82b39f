using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// Keras's crossentropies on probabilities (from_logits=False), as Keras 3 computes them: predictions
/// clipped to [1e-7, 1 − 1e-7] (epsilon()), the mean over the batch ("sum_over_batch_size").
/// </summary>
internal static class KerasLosses
{
    private const double Epsilon = 1e-7;

    /// <summary>−Σ y·log(p) per sample, with p renormalized to sum to 1 first, as Keras does.</summary>
    public static Tensor CategoricalCrossentropy(Tensor yTrue, Tensor yPred)
    {
        Tensor p = (yPred / yPred.sum(-1, keepdim: true)).clamp(Epsilon, 1 - Epsilon);
        return -(yTrue * p.log()).sum(-1).mean();
    }

    /// <summary>−(y·log(p) + (1 − y)·log(1 − p)), averaged over the last axis, then over the batch.</summary>
    public static Tensor BinaryCrossentropy(Tensor yTrue, Tensor yPred)
    {
        Tensor p = yPred.clamp(Epsilon, 1 - Epsilon);
        return -(yTrue * p.log() + (1 - yTrue) * (1 - p).log()).mean(new long[] { -1 }).mean();
    }
}
