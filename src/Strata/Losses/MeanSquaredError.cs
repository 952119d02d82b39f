namespace Strata.Losses;

/// <summary>The mean of squared errors along the last axis: mean((yTrue - yPred)²).</summary>
public sealed class MeanSquaredError : Loss
{
    public MeanSquaredError(string reduction = "sum_over_batch_size", string name = "mean_squared_error")
        : base(name, reduction)
    {
    }

    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        (Tensor t, Tensor p) = Regression.Match(yTrue, yPred, nameof(MeanSquaredError));
        return Regression.MeanLastAxis(Ops.Square(t - p));
    }

}
