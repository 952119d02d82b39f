using Strata.Saving;

namespace Strata.Optimizers;

/// <summary>
/// A learning rate that depends on the optimizer step, as keras.optimizers.schedules.LearningRateSchedule.
/// Pass one as an optimizer's <c>learningRate</c>: the optimizer asks it for the rate at every step.
/// A plain float converts to a constant schedule, so <c>learningRate: 1e-3f</c> works wherever a
/// schedule is accepted.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate at optimizer step <paramref name="step"/> (0-based: the number of updates applied before this one).</summary>
    public abstract float Call(long step);

    /// <summary>The constructor arguments by their Keras (snake_case) names, for saving.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>A constant rate.</summary>
    public static implicit operator LearningRateSchedule(float learningRate) => new ConstantLearningRate(learningRate);

    /// <summary>A constant rate written as a double literal, as Python's <c>learning_rate=1e-4</c> is typed: <c>learningRate: 1e-4</c>.</summary>
    public static implicit operator LearningRateSchedule(double learningRate) => new ConstantLearningRate((float)learningRate);

    /// <summary>A built-in schedule from its class name and config; null for one Strata does not know.</summary>
    internal static LearningRateSchedule? FromConfig(string className, ConfigNode c) => className switch
    {
        nameof(ExponentialDecay) => new ExponentialDecay(c.Float("initial_learning_rate"), c.Int("decay_steps", min: 1), c.Float("decay_rate"),
            c.Bool("staircase", false), c.OptionalString("name") ?? "ExponentialDecay"),
        nameof(PiecewiseConstantDecay) => new PiecewiseConstantDecay(c.Ints("boundaries", min: 0).Select(b => (long)b).ToArray(),
            c.OptionalFloats("values") ?? throw c.Invalid($"{c.Path}.values is missing"), c.OptionalString("name") ?? "PiecewiseConstant"),
        _ => Saving.CustomObjects.Create<LearningRateSchedule>(className, c.Json),
    };
}

/// <summary>
/// The schedule a plain float becomes. Optimizers recognize it and keep the rate in a variable
/// instead (as Keras does), which is what makes <see cref="Optimizer.LearningRate"/> settable.
/// </summary>
internal sealed class ConstantLearningRate(float value) : LearningRateSchedule
{
    public float Value { get; } = value;

    public override float Call(long step) => Value;

    public override Dictionary<string, object?> GetConfig() => new() { ["value"] = Value };
}
