namespace Strata.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), as keras.optimizers.AdamW: Adam whose
/// weight decay is on by default (0.004). The decay itself lives in the base optimizer, as in Keras.
/// </summary>
public class AdamW : Adam
{
    public AdamW(LearningRateSchedule? learningRate = null, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                 double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
    }
}
