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

    public float Momentum { get; }

    public bool Nesterov { get; }

    protected override void Build(IReadOnlyList<Variable> variables)
    {
        // Plain SGD keeps no state; the velocity slots exist only with momentum, as in Keras.
        if (Momentum != 0f) _momentums = AddOptimizerVariables(variables, "momentum");
    }

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

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["momentum"] = Momentum;
        config["nesterov"] = Nesterov;
        return config;
    }
}
