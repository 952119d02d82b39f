using System.Numerics.Tensors;
using Strata.Kernels;

namespace Strata.Optimizers;

/// <summary>
/// Adam, as keras.optimizers.Adam: moving averages of the gradients (m) and of their squares (v),
/// with the bias correction folded into the step size as Keras does:
/// <c>alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)</c>, <c>w -= alpha * m / (sqrt(v) + epsilon)</c>,
/// t counting from 1. <paramref name="amsgrad"/> uses the running maximum of v instead.
/// </summary>
public class Adam : Optimizer
{
    private Variable[] _momentums = [];
    private Variable[] _velocities = [];
    private Variable[] _velocityHats = [];

    public Adam(LearningRateSchedule? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.001f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        Beta1 = (float)beta1;
        Beta2 = (float)beta2;
        Epsilon = (float)epsilon;
        Amsgrad = amsgrad;
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public bool Amsgrad { get; }

    protected override void Build(IReadOnlyList<Variable> variables)
    {
        Variable[][] slots = AddOptimizerVariables(variables, ["momentum", "velocity"]);
        _momentums = slots[0];
        _velocities = slots[1];
        if (Amsgrad) _velocityHats = AddOptimizerVariables(variables, "velocity_hat");
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate)
    {
        int index = IndexOf(variable);
        ReadOnlySpan<float> g = gradient.Data<float>();
        Span<float> w = variable.Span<float>();
        Span<float> m = _momentums[index].Span<float>();
        Span<float> v = _velocities[index].Span<float>();

        // This update is step t = iterations + 1: the powers start at beta^1.
        float step = Iterations + 1;
        float beta1Power = MathF.Pow(Beta1, step);
        float beta2Power = MathF.Pow(Beta2, step);
        float alpha = learningRate * MathF.Sqrt(1f - beta2Power) / (1f - beta1Power);
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
