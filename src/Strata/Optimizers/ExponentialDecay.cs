namespace Strata.Optimizers;

/// <summary>
/// <c>initialLearningRate * decayRate ^ (step / decaySteps)</c>, as keras.optimizers.schedules.ExponentialDecay;
/// with <paramref name="staircase"/> the exponent is floored, so the rate drops in steps every
/// <paramref name="decaySteps"/> updates.
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
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

    public float InitialLearningRate { get; }

    public long DecaySteps { get; }

    public float DecayRate { get; }

    public bool Staircase { get; }

    public string Name { get; }

    public override float Call(long step)
    {
        // Keras computes in float32; double here differs from it only in the last bits.
        double p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return (float)(InitialLearningRate * Math.Pow(DecayRate, p));
    }

    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
        ["name"] = Name,
    };
}
