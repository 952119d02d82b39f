namespace Strata.Regularizers;

/// <summary>The L1 penalty <c>l1 * sum(|x|)</c>; it pushes weights to exactly zero (sparsity).</summary>
public class L1 : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    /// <param name="l1">The l1 coefficient (Keras's default 0.01); finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="l1"/> is negative or not finite.</exception>
    public L1(double l1 = 0.01) => Factor = CheckFactor((float)l1, nameof(l1), "L1");

    /// <summary>The l1 coefficient.</summary>
    public float Factor { get; }

    /// <summary>The penalty <c>l1 * sum(|weights|)</c>, a float32 scalar.</summary>
    /// <param name="weights">A float32 weight.</param>
    public override Tensor Call(Tensor weights) => Ops.Sum(Ops.Abs(RequireFloat(weights, "L1"))) * Factor;

    /// <summary>The config: {"l1": l1}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = Factor };
}
