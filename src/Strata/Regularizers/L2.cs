namespace Strata.Regularizers;

/// <summary>The L2 penalty <c>l2 * sum(x²)</c> ("weight decay" as a loss term).</summary>
public class L2 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    /// <param name="l2">The l2 coefficient (Keras's default 0.01); finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="l2"/> is negative or not finite.</exception>
    public L2(double l2 = 0.01) => Factor = CheckFactor((float)l2, nameof(l2), "L2");

    /// <summary>The l2 coefficient.</summary>
    public float Factor { get; }

    /// <summary>The penalty <c>l2 * sum(weights²)</c>, a float32 scalar.</summary>
    /// <param name="weights">A float32 weight.</param>
    public override Tensor Call(Tensor weights) => Ops.Sum(Ops.Square(RequireFloat(weights, "L2"))) * Factor;

    /// <summary>The config: {"l2": l2}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = Factor };
}
