namespace Strata.Losses;

/// <summary>
/// Quadratic for small errors and linear for large ones, averaged along the last axis:
/// ½e² where |e| ≤ delta, else delta·|e| - ½delta². Less sensitive to outliers than MSE.
/// </summary>
public sealed class Huber : Loss
{
    /// <param name="delta">Where the loss turns from quadratic to linear; must be positive.</param>
    public Huber(double delta = 1, string reduction = "sum_over_batch_size", string name = "huber_loss")
        : base(name, reduction)
    {
        if (!(delta > 0f)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber: delta must be positive.");
        Delta = (float)delta;
    }

    public float Delta { get; }

    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        (Tensor t, Tensor p) = Regression.Match(yTrue, yPred, nameof(Huber));
        Tensor error = p - t;
        Tensor absError = Ops.Abs(error);
        Tensor quadratic = 0.5f * Ops.Square(error);
        Tensor linear = Delta * absError - 0.5f * Delta * Delta;
        return Regression.MeanLastAxis(Ops.Where(Ops.LessEqual(absError, Tensor.Scalar(Delta)), quadratic, linear));
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }
}
