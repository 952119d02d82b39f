namespace Strata.Optimizers;

/// <summary>
/// <c>initialLearningRate * decayRate ^ (step / decaySteps)</c>, as keras.optimizers.schedules.ExponentialDecay;
/// with <c>staircase</c> the exponent is floored, so the rate drops in steps every
/// <c>decaySteps</c> updates.
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">The number of steps over which the rate is multiplied by <paramref name="decayRate"/>; must be positive.</param>
    /// <param name="decayRate">The decay factor.</param>
    /// <param name="staircase">Whether to floor <c>step / decaySteps</c>, so the rate drops in steps.</param>
    /// <param name="name">The schedule's name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decaySteps"/> is not positive.</exception>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false, string name = "ExponentialDecay")
    {
        if (decaySteps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, $"ExponentialDecay: decaySteps must be > 0, got {decaySteps}.");
        }
        InitialLearningRate = (float)initialLearningRate;
        DecaySteps = decaySteps;
        DecayRate = (float)decayRate;
        Staircase = staircase;
        Name = name;
    }

    /// <summary>The rate at step 0 (Keras's <c>initial_learning_rate</c>).</summary>
    public float InitialLearningRate { get; }

    /// <summary>The number of steps per decay period (Keras's <c>decay_steps</c>).</summary>
    public long DecaySteps { get; }

    /// <summary>The factor per decay period (Keras's <c>decay_rate</c>).</summary>
    public float DecayRate { get; }

    /// <summary>Whether the exponent is floored (Keras's <c>staircase</c>, default false).</summary>
    public bool Staircase { get; }

    /// <summary>The schedule's name (Keras's <c>name</c>, default "ExponentialDecay").</summary>
    public string Name { get; }

    /// <summary><c>initialLearningRate * decayRate ^ (step / decaySteps)</c>, the exponent floored with <see cref="Staircase"/>.</summary>
    /// <param name="step">The optimizer step, 0-based.</param>
    public override float Call(long step)
    {
        // Keras computes in float32; double here differs from it only in the last bits.
        double p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return (float)(InitialLearningRate * Math.Pow(DecayRate, p));
    }

    /// <summary>The config: initial_learning_rate, decay_steps, decay_rate, staircase and name.</summary>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
        ["name"] = Name,
    };
}
