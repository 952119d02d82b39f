namespace Strata.Losses;

/// <summary>
/// A loss from a function of (targets, predictions), as keras.losses.LossFunctionWrapper: the function gives the
/// per-sample losses (built from <see cref="Ops"/>, so it differentiates), the wrapper weights and reduces them.
/// <code>
/// model.Compile(optimizer: "adam", loss: new LossFunctionWrapper((yTrue, yPred) => Ops.Mean(Ops.Abs(yTrue - yPred), -1)));
/// </code>
/// </summary>
public sealed class LossFunctionWrapper : Loss
{
    private readonly Func<Tensor, Tensor, Tensor> _fn;

    /// <summary>Wraps <paramref name="fn"/>.</summary>
    /// <param name="fn">The per-sample losses of (yTrue, yPred).</param>
    /// <param name="reduction">"sum_over_batch_size" (the default), "sum", "mean", "mean_with_sample_weight" or "none".</param>
    /// <param name="name">The loss's name; saved as the function's name in the config.</param>
    public LossFunctionWrapper(Func<Tensor, Tensor, Tensor> fn, string reduction = "sum_over_batch_size", string name = "loss_function_wrapper")
        : base(name, reduction)
    {
        ArgumentNullException.ThrowIfNull(fn);
        _fn = fn;
    }

    /// <summary>The per-sample losses: the wrapped function applied to the arguments.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => _fn(yTrue, yPred);

    /// <summary>Keras's config, its function named by <see cref="Loss.Name"/>: a model saved with it loads compiled when a function is registered under that name (<see cref="Strata.Saving.CustomObjects"/>).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["fn"] = Name;
        return config;
    }
}
