namespace Strata.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), as keras.optimizers.AdamW: Adam whose
/// weight decay is on by default (0.004). The decay itself lives in the base optimizer, as in Keras.
/// </summary>
public class AdamW : Adam
{
    /// <summary>Creates the optimizer; the defaults are Keras's.</summary>
    /// <param name="learningRate">A float or a <see cref="LearningRateSchedule"/>; null for Keras's default, 0.001.</param>
    /// <param name="weightDecay">Decoupled weight decay (Keras's default 0.004).</param>
    /// <param name="beta1">β₁, the decay rate of the first-moment estimates.</param>
    /// <param name="beta2">β₂, the decay rate of the second-moment estimates.</param>
    /// <param name="epsilon">A small constant for numerical stability.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant.</param>
    /// <param name="clipNorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipValue">Clip each gradient element to [-clipValue, clipValue], or null.</param>
    /// <param name="globalClipNorm">Clip all gradients together to this joint L2 norm, or null; at most one of the three clipping arguments may be set.</param>
    /// <param name="name">The name, or null for an automatic one ("adam_w", "adam_w_1"...).</param>
    /// <exception cref="ArgumentException">More than one clipping argument is set.</exception>
    public AdamW(LearningRateSchedule? learningRate = null, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                 double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
    }
}
