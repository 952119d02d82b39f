using System.Numerics.Tensors;

namespace Strata.Optimizers;

/// <summary>
/// RMSprop, as keras.optimizers.RMSprop: keeps a moving average of squared gradients
/// <c>v = rho * v + (1 - rho) * g²</c> and steps by <c>lr * g / sqrt(v + epsilon)</c> — Keras adds
/// epsilon inside the square root. <paramref name="centered"/> subtracts the squared moving average
/// of the gradients from v; <paramref name="momentum"/> accumulates the steps (plain momentum).
/// </summary>
public class RMSprop : Optimizer
{
    private Variable[] _velocities = [];
    private Variable[] _momentums = [];
    private Variable[] _averageGradients = [];

    public RMSprop(LearningRateSchedule? learningRate = null, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false,
                   double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.001f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        Rho = (float)rho;
        Momentum = (float)momentum;
        Epsilon = (float)epsilon;
        Centered = centered;
    }

    public float Rho { get; }

    public float Momentum { get; }

    public float Epsilon { get; }

    public bool Centered { get; }

    protected override void Build(IReadOnlyList<Variable> variables)
    {
        // Keras creates these slot by slot (all velocities, then momentums, then averages); saving relies on the order.
        _velocities = AddOptimizerVariables(variables, "velocity");
        if (Momentum > 0f) _momentums = AddOptimizerVariables(variables, "momentum");
        if (Centered) _averageGradients = AddOptimizerVariables(variables, "average_gradient");
    }

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
