using System.Numerics.Tensors;

namespace Strata.Optimizers;

/// <summary>
/// RMSprop, as keras.optimizers.RMSprop: keeps a moving average of squared gradients
/// <c>v = rho * v + (1 - rho) * g²</c> and steps by <c>lr * g / sqrt(v + epsilon)</c> — Keras adds
/// epsilon inside the square root. <c>centered</c> subtracts the squared moving average
/// of the gradients from v; <c>momentum</c> accumulates the steps (plain momentum).
/// </summary>
public class RMSprop : Optimizer
{
    private Variable[] _velocities = [];
    private Variable[] _momentums = [];
    private Variable[] _averageGradients = [];

    /// <summary>Creates the optimizer; the defaults are Keras's.</summary>
    /// <param name="learningRate">A float or a <see cref="LearningRateSchedule"/>; null for Keras's default, 0.001.</param>
    /// <param name="rho">ρ, the decay rate of the moving average of squared gradients.</param>
    /// <param name="momentum">The momentum of the steps; 0 for none.</param>
    /// <param name="epsilon">A small constant for numerical stability.</param>
    /// <param name="centered">Whether to normalize by the estimated variance of the gradients.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null for none.</param>
    /// <param name="clipNorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipValue">Clip each gradient element to [-clipValue, clipValue], or null.</param>
    /// <param name="globalClipNorm">Clip all gradients together to this joint L2 norm, or null; at most one of the three clipping arguments may be set.</param>
    /// <param name="name">The name, or null for an automatic one ("rm_sprop", "rm_sprop_1"...).</param>
    /// <exception cref="ArgumentException">More than one clipping argument is set.</exception>
    public RMSprop(LearningRateSchedule? learningRate = null, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false,
                   double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.001f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        Rho = (float)rho;
        Momentum = (float)momentum;
        Epsilon = (float)epsilon;
        Centered = centered;
    }

    /// <summary>ρ, the decay rate of the moving average of squared gradients (Keras's <c>rho</c>, default 0.9).</summary>
    public float Rho { get; }

    /// <summary>The momentum of the steps, 0 for none (Keras's <c>momentum</c>, default 0).</summary>
    public float Momentum { get; }

    /// <summary>ε, added inside the square root for numerical stability (Keras's <c>epsilon</c>, default 1e-7).</summary>
    public float Epsilon { get; }

    /// <summary>Whether to subtract the squared moving average of the gradients from v (Keras's <c>centered</c>, default false).</summary>
    public bool Centered { get; }

    /// <summary>Creates the "velocity" slot of each variable, then "momentum" with momentum and "average_gradient" when centered.</summary>
    /// <param name="variables">The variables to optimize.</param>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        // Keras creates these slot by slot (all velocities, then momentums, then averages); saving relies on the order.
        _velocities = AddOptimizerVariables(variables, "velocity");
        if (Momentum > 0f) _momentums = AddOptimizerVariables(variables, "momentum");
        if (Centered) _averageGradients = AddOptimizerVariables(variables, "average_gradient");
    }

    /// <summary>One RMSprop step on <paramref name="variable"/>, in place.</summary>
    /// <param name="gradient">The variable's gradient, clipped.</param>
    /// <param name="variable">The variable to update.</param>
    /// <param name="learningRate">This step's learning rate.</param>
    protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate)
    {
        int index = IndexOf(variable);
        ReadOnlySpan<float> g = gradient.Data<float>();
        Span<float> w = variable.Span<float>();
        Span<float> v = _velocities[index].Span<float>();
        if (!Centered && Momentum == 0f)
        {
            Kernels.RmspropKernel.Update(g, v, w, Rho, Epsilon, learningRate); // the usual case, in one pass
            return;
        }
        Span<float> denominator = Scratch(0, w.Length);
        Span<float> increment = Scratch(1, w.Length);

        // v = rho * v + (1 - rho) * g²
        TensorPrimitives.Multiply(g, g, increment);
        TensorPrimitives.Multiply(increment, 1f - Rho, increment);
        TensorPrimitives.MultiplyAdd(v, Rho, increment, v);

        if (Centered)
        {
            // a = rho * a + (1 - rho) * g; the denominator is v - a² + epsilon (the variance estimate)
            Span<float> a = _averageGradients[index].Span<float>();
            TensorPrimitives.Multiply(g, 1f - Rho, increment);
            TensorPrimitives.MultiplyAdd(a, Rho, increment, a);
            TensorPrimitives.Multiply(a, a, denominator);
            TensorPrimitives.Subtract(v, denominator, denominator);
            TensorPrimitives.Add(denominator, Epsilon, denominator);
        }
        else
        {
            TensorPrimitives.Add(v, Epsilon, denominator);
        }
        TensorPrimitives.Sqrt(denominator, denominator);
        TensorPrimitives.Multiply(g, learningRate, increment);
        TensorPrimitives.Divide(increment, denominator, increment);

        if (Momentum > 0f)
        {
            Span<float> m = _momentums[index].Span<float>();
            TensorPrimitives.MultiplyAdd(m, Momentum, increment, m);
            TensorPrimitives.Subtract(w, m, w);
        }
        else
        {
            TensorPrimitives.Subtract(w, increment, w);
        }
    }

    /// <summary>The config: the base optimizer's, then rho, momentum, epsilon and centered.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["rho"] = Rho;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["centered"] = Centered;
        return config;
    }
}
