namespace Strata.Regularizers;

/// <summary>Both penalties: <c>l1 * sum(|x|) + l2 * sum(x²)</c>; a zero coefficient's term is left out, as in Keras.</summary>
public class L1L2 : Regularizer
{
    /// <summary>Creates the regularizer; Keras 3's defaults are 0 for both.</summary>
    /// <param name="l1">The l1 coefficient; finite and non-negative.</param>
    /// <param name="l2">The l2 coefficient; finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is negative or not finite.</exception>
    public L1L2(double l1 = 0, double l2 = 0)
    {
        L1 = CheckFactor((float)l1, nameof(l1), "L1L2");
        L2 = CheckFactor((float)l2, nameof(l2), "L1L2");
    }

    /// <summary>The l1 coefficient (Keras's <c>l1</c>, default 0).</summary>
    public float L1 { get; }

    /// <summary>The l2 coefficient (Keras's <c>l2</c>, default 0).</summary>
    public float L2 { get; }

    /// <summary>The penalty <c>l1 * sum(|weights|) + l2 * sum(weights²)</c>, a float32 scalar.</summary>
    /// <param name="weights">A float32 weight.</param>
    public override Tensor Call(Tensor weights)
    {
        RequireFloat(weights, "L1L2");
        Tensor penalty = Tensor.Scalar(0f);
        if (L1 != 0f) penalty += Ops.Sum(Ops.Abs(weights)) * L1;
        if (L2 != 0f) penalty += Ops.Sum(Ops.Square(weights)) * L2;
        return penalty;
    }

    /// <summary>The config: {"l1": l1, "l2": l2}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1, ["l2"] = L2 };
}
