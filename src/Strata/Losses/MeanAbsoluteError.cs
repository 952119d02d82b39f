namespace Strata.Losses;

/// <summary>The mean of absolute errors along the last axis: mean(|yTrue - yPred|).</summary>
public sealed class MeanAbsoluteError : Loss
{
    public MeanAbsoluteError(string reduction = "sum_over_batch_size", string name = "mean_absolute_error")
        : base(name, reduction)
    {
    }

    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        (Tensor t, Tensor p) = Regression.Match(yTrue, yPred, nameof(MeanAbsoluteError));
        return Regression.MeanLastAxis(Ops.Abs(t - p));
    }

}
