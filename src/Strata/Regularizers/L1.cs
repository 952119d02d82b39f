namespace Strata.Regularizers;

/// <summary>The L1 penalty <c>l1 * sum(|x|)</c>; it pushes weights to exactly zero (sparsity).</summary>
public class L1 : Regularizer
{
    public L1(double l1 = 0.01) => Factor = CheckFactor((float)l1, nameof(l1), "L1");

    /// <summary>The l1 coefficient.</summary>
    public float Factor { get; }

    public override Tensor Call(Tensor weights) => Ops.Sum(Ops.Abs(RequireFloat(weights, "L1"))) * Factor;

    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = Factor };
}
