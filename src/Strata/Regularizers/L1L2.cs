namespace Strata.Regularizers;

/// <summary>Both penalties: <c>l1 * sum(|x|) + l2 * sum(x²)</c>; a zero coefficient's term is left out, as in Keras.</summary>
public class L1L2 : Regularizer
{
    public L1L2(double l1 = 0, double l2 = 0)
    {
        L1 = CheckFactor((float)l1, nameof(l1), "L1L2");
        L2 = CheckFactor((float)l2, nameof(l2), "L1L2");
    }

    public float L1 { get; }

    public float L2 { get; }

    public override Tensor Call(Tensor weights)
    {
        RequireFloat(weights, "L1L2");
        Tensor penalty = Tensor.Scalar(0f);
        if (L1 != 0f) penalty += Ops.Sum(Ops.Abs(weights)) * L1;
        if (L2 != 0f) penalty += Ops.Sum(Ops.Square(weights)) * L2;
        return penalty;
    }

    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1, ["l2"] = L2 };
}
