using System.Numerics.Tensors;

namespace Strata.Optimizers;

/// <summary>
/// Adagrad, as keras.optimizers.Adagrad: accumulates squared gradients from
/// <paramref name="initialAccumulatorValue"/> on and steps by <c>lr * g / sqrt(accumulator + epsilon)</c>,
/// so often-updated parameters get ever smaller steps.
/// </summary>
public class Adagrad : Optimizer
{
    private Variable[] _accumulators = [];

    public Adagrad(LearningRateSchedule? learningRate = null, double initialAccumulatorValue = 0.1, double epsilon = 1e-7,
                   double? weightDecay = null, double? clipNorm = null, double? clipValue = null, double? globalClipNorm = null, string? name = null)
        : base(name, learningRate, defaultLearningRate: 0.001f, (float?)weightDecay, (float?)clipNorm, (float?)clipValue, (float?)globalClipNorm)
    {
        InitialAccumulatorValue = (float)initialAccumulatorValue;
        Epsilon = (float)epsilon;
    }

    public float InitialAccumulatorValue { get; }

    public float Epsilon { get; }

    protected override void Build(IReadOnlyList<Variable> variables) =>
        _accumulators = AddOptimizerVariables(variables, "accumulator", InitialAccumulatorValue);

    protected override void UpdateStep(Tensor gradient, Variable variable, float learningRate)
    {
        ReadOnlySpan<float> g = gradient.Data<float>();
        Span<float> w = variable.Span<float>();
        Span<float> accumulator = _accumulators[IndexOf(variable)].Span<float>();
        // accumulator += g²; w -= (lr * g) / sqrt(accumulator + epsilon): in one pass.
        Kernels.AdagradKernel.Update(g, accumulator, w, Epsilon, learningRate);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["initial_accumulator_value"] = InitialAccumulatorValue;
        config["epsilon"] = Epsilon;
        return config;
    }
}
