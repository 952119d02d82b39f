using System.Numerics.Tensors;
using Strata.Kernels;

namespace Strata.Optimizers;

/// <summary>
/// Adam, as keras.optimizers.Adam: moving averages of the gradients (m) and of their squares (v),
/// with the bias correction folded into the step size as Keras does:
/// <c>alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)</c>, <c>w -= alpha * m / (sqrt(v) + epsilon)</c>,
/// t counting from 1. <c>amsgrad</c> uses the running maximum of v instead.
/// </summary>
public class Adam : Optimizer
{
    private Variable[] _momentums = [];
    private Variable[] _velocities = [];
    private Variable[] _velocityHats = [];

    /// <summary>Creates the optimizer; the defaults are Keras's.</summary>
    /// <param name="learningRate">A float or a <see cref="LearningRateSchedule"/>; null for Keras's default, 0.001.</param>
    /// <param name="beta1">β₁, the decay rate of the first-moment estimates.</param>
    /// <param name="beta2">β₂, the decay rate of the second-moment estimates.</param>
    /// <param name="epsilon">A small constant for numerical stability.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null for none.</param>
    /// <param name="clipNorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipValue">Clip each gradient element to [-clipValue, clipValue], or null.</param>
    /// <param name="globalClipNorm">Clip all gradients together to this joint L2 norm, or null; at most one of the three clipping arguments may be set.</param>
    /// <param name="name">The name, or null for an automatic one ("adam", "adam_1"...).</param>
    /// <exception cref="ArgumentException">More than one clipping argument is set.</exception>
    public Adam(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.001f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        Beta1 = (float)beta1;
        Beta2 = (float)beta2;
        Epsilon = (float)epsilon;
        Amsgrad = amsgrad;
    }

    /// <summary>β₁, the decay rate of the first-moment estimates (Keras's <c>beta_1</c>, default 0.9).</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the decay rate of the second-moment estimates (Keras's <c>beta_2</c>, default 0.999).</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to sqrt(v) for numerical stability (Keras's <c>epsilon</c>, default 1e-7).</summary>
    public float Epsilon { get; }

    /// <summary>Whether to use the AMSGrad variant, the running maximum of v (Keras's <c>amsgrad</c>, default false).</summary>
    public bool Amsgrad { get; }

    /// <summary>Creates the "momentum" and "velocity" slots of each variable, and "velocity_hat" with <see cref="Amsgrad"/>.</summary>
    /// <param name="variables">The variables to optimize.</param>
    protected override void Build(IReadOnlyList<Variable> variables)
    {
        Variable[][] slots = AddOptimizerVariables(variables, ["momentum", "velocity"]);
        _momentums = slots[0];
        _velocities = slots[1];
        if (Amsgrad) _velocityHats = AddOptimizerVariables(variables, "velocity_hat");
    }

    /// <summary>
    /// This step's size, the bias correction folded in: alpha = lr·sqrt(1 - beta2^t) / (1 - beta1^t), the update
    /// being step t = iterations + 1 (the powers start at beta^1). A device's update uses it too.
    /// </summary>
    internal float StepSize(float learningRate)
    {
        float step = Iterations + 1;
        float beta1Power = MathF.Pow(Beta1, step);
        float beta2Power = MathF.Pow(Beta2, step);
        return learningRate * MathF.Sqrt(1f - beta2Power) / (1f - beta1Power);
    }

    /// <summary>One Adam step on <paramref name="variable"/>, in place.</summary>
    /// <param name="gradient">The variable's gradient, clipped.</param>
    /// <param name="variable">The variable to update.</param>
    /// <param name="learningRate">This step's learning rate.</param>
    protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate)
    {
        int index = IndexOf(variable);
        ReadOnlySpan<float> g = gradient.Data<float>();
        Span<float> w = variable.Span<float>();
        Span<float> m = _momentums[index].Span<float>();
        Span<float> v = _velocities[index].Span<float>();

        float alpha = StepSize(learningRate);
        if (!Amsgrad)
        {
            AdamKernel.Update(g, m, v, w, Beta1, Beta2, Epsilon, alpha); // the steps below, in one pass
            return;
        }

        Span<float> a = Scratch(0, w.Length);
        Span<float> b = Scratch(1, w.Length);
        // m += (g - m) * (1 - beta1)
        TensorPrimitives.Subtract(g, m, a);
        TensorPrimitives.MultiplyAdd(a, 1f - Beta1, m, m);
        // v += (g² - v) * (1 - beta2)
        TensorPrimitives.Multiply(g, g, a);
        TensorPrimitives.Subtract(a, v, a);
        TensorPrimitives.MultiplyAdd(a, 1f - Beta2, v, v);
        Span<float> vHat = _velocityHats[index].Span<float>();
        TensorPrimitives.Max(vHat, v, vHat);

        // w -= (m * alpha) / (sqrt(vHat) + epsilon)
        TensorPrimitives.Sqrt(vHat, b);
        TensorPrimitives.Add(b, Epsilon, b);
        TensorPrimitives.Multiply(m, alpha, a);
        TensorPrimitives.Divide(a, b, a);
        TensorPrimitives.Subtract(w, a, w);
    }

    /// <summary>The config: the base optimizer's, then beta_1, beta_2, epsilon and amsgrad.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["beta_1"] = Beta1;
        config["beta_2"] = Beta2;
        config["epsilon"] = Epsilon;
        config["amsgrad"] = Amsgrad;
        return config;
    }
}
