namespace Strata.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), as keras.optimizers.AdamW: Adam whose
/// weight decay is on by default (0.004). The decay itself lives in the base optimizer, as in Keras.
/// </summary>
public class AdamW : Adam
{
    public AdamW(LearningRateSchedule? learningRate = null, float weightDecay = 0.004f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsgrad = false,
                 float? clipNorm = null, float? clipValue = null, float? globalClipNorm = null, string? name = null)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipNorm, clipValue, globalClipNorm, name)
    {
    }
}
