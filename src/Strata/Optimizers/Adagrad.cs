using System.Numerics.Tensors;

namespace Strata.Optimizers;

/// <summary>
/// Adagrad, as keras.optimizers.Adagrad: accumulates squared gradients from
/// <c>initialAccumulatorValue</c> on and steps by <c>lr * g / sqrt(accumulator + epsilon)</c>,
/// so often-updated parameters get ever smaller steps.
/// </summary>
public class Adagrad : Optimizer
{
    private Variable[] _accumulators = [];

    /// <summary>Creates the optimizer; the defaults are Keras's.</summary>
    /// <param name="learningRate">A float or a <see cref="LearningRateSchedule"/>; null for Keras's default, 0.001.</param>
    /// <param name="initialAccumulatorValue">The starting value of the accumulators.</param>
    /// <param name="epsilon">A small constant for numerical stability.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null for none.</param>
    /// <param name="clipNorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipValue">Clip each gradient element to [-clipValue, clipValue], or null.</param>
    /// <param name="globalClipNorm">Clip all gradients together to this joint L2 norm, or null; at most one of the three clipping arguments may be set.</param>
    /// <param name="name">The name, or null for an automatic one ("adagrad", "adagrad_1"...).</param>
    /// <exception cref="ArgumentException">More than one clipping argument is set.</exception>
    public Adagrad(LearningRateSchedule? learningRate = null, double initialAccumulatorValue = 0.1, double epsilon = 1e-7,
                   double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.001f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        InitialAccumulatorValue = (float)initialAccumulatorValue;
        Epsilon = (float)epsilon;
    }

    /// <summary>The starting value of the squared-gradient accumulators (Keras's <c>initial_accumulator_value</c>, default 0.1).</summary>
    public float InitialAccumulatorValue { get; }

    /// <summary>ε, added to the accumulator for numerical stability (Keras's <c>epsilon</c>, default 1e-7).</summary>
    public float Epsilon { get; }

    /// <summary>Creates the "accumulator" slot of each variable, filled with <see cref="InitialAccumulatorValue"/>.</summary>
    /// <param name="variables">The variables to optimize.</param>
    protected override void Build(IReadOnlyList<Variable> variables) =>
        _accumulators = AddOptimizerVariables(variables, "accumulator", InitialAccumulatorValue);

    /// <summary>One Adagrad step on <paramref name="variable"/>, in place.</summary>
    /// <param name="gradient">The variable's gradient, clipped.</param>
    /// <param name="variable">The variable to update.</param>
    /// <param name="learningRate">This step's learning rate.</param>
    protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate)
    {
        ReadOnlySpan<float> g = gradient.Data<float>();
        Span<float> w = variable.Span<float>();
        Span<float> accumulator = _accumulators[IndexOf(variable)].Span<float>();
        // accumulator += g²; w -= (lr * g) / sqrt(accumulator + epsilon): in one pass.
        Kernels.AdagradKernel.Update(g, accumulator, w, Epsilon, learningRate);
    }

    /// <summary>The config: the base optimizer's, then initial_accumulator_value and epsilon.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["epsilon"] = Epsilon;
        return config;
    }
}
