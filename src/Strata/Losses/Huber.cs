namespace Strata.Losses;

/// <summary>
/// Quadratic for small errors and linear for large ones, averaged along the last axis:
/// ½e² where |e| ≤ delta, else delta·|e| - ½delta². Less sensitive to outliers than MSE.
/// </summary>
public sealed class Huber : Loss
{
    /// <param name="delta">Where the loss turns from quadratic to linear; must be positive.</param>
    /// <param name="reduction">"sum_over_batch_size" (the default), "sum", "mean", "mean_with_sample_weight" or "none".</param>
    /// <param name="name">The loss's name.</param>
    public Huber(double delta = 1, string reduction = "sum_over_batch_size", string name = "huber_loss")
        : base(name, reduction)
    {
        if (!(delta > 0f)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber: delta must be positive.");
        Delta = (float)delta;
    }

    /// <summary>Where the loss turns from quadratic to linear (Keras's <c>delta</c>, default 1).</summary>
    public float Delta { get; }

    /// <summary>The per-sample losses: the elementwise Huber loss averaged along the last axis.</summary>
    /// <param name="yTrue">The targets, the shape of <paramref name="yPred"/> up to a trailing 1.</param>
    /// <param name="yPred">The predictions.</param>
    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        (Tensor t, Tensor p) = Regression.Match(yTrue, yPred, nameof(Huber));
        Tensor error = p - t;
        Tensor absError = Ops.Abs(error);
        Tensor quadratic = 0.5f * Ops.Square(error);
        Tensor linear = Delta * absError - 0.5f * Delta * Delta;
        return Regression.MeanLastAxis(Ops.Where(Ops.LessEqual(absError, Tensor.Scalar(Delta)), quadratic, linear));
    }

    /// <summary>The config: name, reduction and delta.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }
}
