namespace Strata.Optimizers;

/// <summary>
/// A rate constant between step boundaries, as keras.optimizers.schedules.PiecewiseConstantDecay:
/// <c>values[0]</c> while step ≤ <c>boundaries[0]</c>, <c>values[i]</c> while
/// <c>boundaries[i-1]</c> &lt; step ≤ <c>boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly float[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">The steps where the rate changes, non-decreasing.</param>
    /// <param name="values">The rates: one more than <paramref name="boundaries"/>.</param>
    /// <param name="name">The schedule's name.</param>
    /// <exception cref="ArgumentException">The lengths do not match, or the boundaries decrease.</exception>
    public PiecewiseConstantDecay(long[] boundaries, float[] values, string name = "PiecewiseConstant")
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (boundaries.Length + 1 != values.Length)
        {
            throw new ArgumentException(
                $"PiecewiseConstantDecay: there must be one more value than boundaries; got {boundaries.Length} boundaries and {values.Length} values.",
                nameof(values));
        }
        for (int i = 1; i < boundaries.Length; i++)
        {
            if (boundaries[i] < boundaries[i - 1])
            {
                throw new ArgumentException($"PiecewiseConstantDecay: boundaries must be increasing; got [{string.Join(", ", boundaries)}].", nameof(boundaries));
            }
        }
        _boundaries = (long[])boundaries.Clone();
        _values = (float[])values.Clone();
        Name = name;
    }

    /// <summary>The steps where the rate changes (Keras's <c>boundaries</c>).</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <summary>The rate of each interval, one more than the boundaries (Keras's <c>values</c>).</summary>
    public IReadOnlyList<float> Values => _values;

    /// <summary>The schedule's name (Keras's <c>name</c>, default "PiecewiseConstant").</summary>
    public string Name { get; }

    /// <summary>The value of the interval holding <paramref name="step"/>; a boundary belongs to the interval it closes.</summary>
    /// <param name="step">The optimizer step, 0-based.</param>
    public override float Call(long step)
    {
        // The first boundary not below the step marks the interval; boundaries themselves belong to the interval they close.
        for (int i = 0; i < _boundaries.Length; i++)
        {
            if (step <= _boundaries[i]) return _values[i];
        }
        return _values[^1];
    }

    /// <summary>The config: boundaries, values and name.</summary>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["boundaries"] = _boundaries.ToArray(),
        ["values"] = _values.ToArray(),
        ["name"] = Name,
    };
}
