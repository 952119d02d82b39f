namespace Strata.Losses;

/// <summary>The mean of squared errors along the last axis: mean((yTrue - yPred)²).</summary>
public sealed class MeanSquaredError : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">"sum_over_batch_size" (the default), "sum", "mean", "mean_with_sample_weight" or "none".</param>
    /// <param name="name">The loss's name.</param>
    public MeanSquaredError(string reduction = "sum_over_batch_size", string name = "mean_squared_error")
        : base(name, reduction)
    {
    }

    /// <summary>The per-sample losses: mean((yTrue - yPred)²) along the last axis.</summary>
    /// <param name="yTrue">The targets, the shape of <paramref name="yPred"/> up to a trailing 1.</param>
    /// <param name="yPred">The predictions.</param>
    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        (Tensor t, Tensor p) = Regression.Match(yTrue, yPred, nameof(MeanSquaredError));
        return Regression.MeanLastAxis(Ops.Square(t - p));
    }

}
