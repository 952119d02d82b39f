namespace Strata.Regularizers;

/// <summary>The L2 penalty <c>l2 * sum(x²)</c> ("weight decay" as a loss term).</summary>
public class L2 : Regularizer
{
    public L2(double l2 = 0.01) => Factor = CheckFactor((float)l2, nameof(l2), "L2");

    /// <summary>The l2 coefficient.</summary>
    public float Factor { get; }

    public override Tensor Call(Tensor weights) => Ops.Sum(Ops.Square(RequireFloat(weights, "L2"))) * Factor;

    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = Factor };
}
