using System.Numerics.Tensors;

namespace Strata.Optimizers;

/// <summary>
/// Gradient descent, with optional momentum and Nesterov momentum, as keras.optimizers.SGD:
/// <c>velocity = momentum * velocity - lr * g; w += velocity</c> (Nesterov:
/// <c>w += momentum * velocity - lr * g</c>); without momentum, <c>w -= lr * g</c>.
/// </summary>
public class SGD : Optimizer
{
    private Variable[] _momentums = [];

    /// <summary>Creates the optimizer; the defaults are Keras's.</summary>
    /// <param name="learningRate">A float or a <see cref="LearningRateSchedule"/>; null for Keras's default, 0.01.</param>
    /// <param name="momentum">The momentum, in [0, 1]; 0 for plain gradient descent.</param>
    /// <param name="nesterov">Whether to apply Nesterov momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null for none.</param>
    /// <param name="clipNorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipValue">Clip each gradient element to [-clipValue, clipValue], or null.</param>
    /// <param name="globalClipNorm">Clip all gradients together to this joint L2 norm, or null; at most one of the three clipping arguments may be set.</param>
    /// <param name="name">The name, or null for an automatic one ("sgd", "sgd_1"...).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">More than one clipping argument is set.</exception>
    public SGD(LearningRateSchedule? learningRate = null, double momentum = 0, bool nesterov = false,
               double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.01f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        if (!(momentum >= 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD: momentum must be a float between [0, 1].");
        }
        Momentum = (float)momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum, 0 for plain gradient descent (Keras's <c>momentum</c>, default 0).</summary>
    public float Momentum { get; }

    /// <summary>Whether to apply Nesterov momentum (Keras's <c>nesterov</c>, default false).</summary>
    public bool Nesterov { get; }

    /// <summary>Creates the "momentum" slot of each variable when <see cref="Momentum"/> is not 0; plain SGD keeps none.</summary>
    /// <param name="variables">The variables to optimize.</param>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        // Plain SGD keeps no state; the velocity slots exist only with momentum, as in Keras.
        if (Momentum != 0f) _momentums = AddOptimizerVariables(variables, "momentum");
    }

    /// <summary>One SGD step on <paramref name="variable"/>, in place.</summary>
    /// <param name="gradient">The variable's gradient, clipped.</param>
    /// <param name="variable">The variable to update.</param>
    /// <param name="learningRate">This step's learning rate.</param>
    protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate)
    {
        ReadOnlySpan<float> g = gradient.Data<float>();
        Span<float> w = variable.Span<float>();
        if (Momentum == 0f)
        {
            TensorPrimitives.MultiplyAdd(g, -learningRate, w, w);
            return;
        }
        Span<float> m = _momentums[IndexOf(variable)].Span<float>();
        // m = m·momentum - lr·g; w += m, or with Nesterov w += m·momentum - lr·g: in one pass.
        Kernels.SgdKernel.Update(g, m, w, Momentum, learningRate, Nesterov);
    }

    /// <summary>The config: the base optimizer's, then momentum and nesterov.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["momentum"] = Momentum;
        config["nesterov"] = Nesterov;
        return config;
    }
}
