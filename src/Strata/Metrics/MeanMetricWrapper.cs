using Strata.Compilation;
using Strata.Losses;

namespace Strata.Metrics;

/// <summary>
/// The weighted mean of a per-sample function of (yTrue, yPred) over every batch seen, as
/// Keras's MeanMetricWrapper: each batch adds sum(value · weight) to a total and sum(weight) (or
/// the number of samples) to a count; the result is total / count.
/// </summary>
public class MeanMetricWrapper : Metric
{
    private readonly Func<Tensor, Tensor, Tensor> _fn;
    private double _total;
    private double _count;

    /// <param name="fn">Per-sample (or per-element) values, e.g. 1 where a prediction is right and 0 where it is wrong.</param>
    /// <param name="name">The metric's name, shown in logs and history.</param>
    public MeanMetricWrapper(Func<Tensor, Tensor, Tensor> fn, string name)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(fn);
        _fn = fn;
    }

    /// <summary>Keras's config; a wrapper of a function (not a built-in metric class) names it by <see cref="Metric.Name"/>, as registered with <see cref="Saving.CustomObjects"/>.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        if (GetType() == typeof(MeanMetricWrapper)) config["fn"] = Name;
        return config;
    }

    /// <summary>
    /// Adds a batch: the function's values (extra axes averaged per sample), weighted by
    /// <paramref name="sampleWeight"/> when given, to the total, and the weights (or the number of samples) to the count.
    /// </summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional weights: a scalar, one per sample shaped (n) or (n, 1), or one per value.</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using (GradientTape.Suspend())
        {
            (Tensor values, Tensor? weights) = Values(_fn(yTrue, yPred).AsType(DType.Float32), sampleWeight);
            // The sums are host state: a compiled step computes the values with ops and replays this host step.
            Trace.HostSums($"{Name}.UpdateState", weights is null ? [values] : [values, weights],
                [new SumPart(0, SumTerm.Values), new SumPart(weights is null ? 0 : 1, weights is null ? SumTerm.Rows : SumTerm.Values)], sums =>
                {
                    _total += sums[0];
                    _count += sums[1];
                });
        }
    }

    /// <summary>One value per sample (extra axes averaged), and with sample weights, the weighted values and the weights.</summary>
    private (Tensor Values, Tensor? Weights) Values(Tensor values, Tensor? sampleWeight)
    {
        if (sampleWeight is null)
        {
            // Each sample counts once: extra axes (per-timestep values) are averaged within it.
            return (values.Rank > 1 ? Ops.Mean(values, Range(1, values.Rank)) : values, null);
        }
        Tensor weight = sampleWeight.AsType(DType.Float32);
        (values, weight) = RankMatching.SqueezeOrExpand(values, weight);
        // Values finer than the weights (per-class matches, one weight per sample) are averaged first.
        if (values.Rank > weight.Rank) values = Ops.Mean(values, Range(weight.Rank, values.Rank));
        RankMatching.RequireBroadcastable(values, weight, Name, "metric values");
        weight = Ops.BroadcastTo(weight, values.Shape.ToArray());
        values = values * weight;
        if (weight.Rank > 1) weight = Ops.Mean(weight, Range(1, weight.Rank));
        if (values.Rank > 1) values = Ops.Mean(values, Range(1, values.Rank));
        return (values, weight);
    }

    /// <summary>total / count, or 0 before any (non-zero-weight) sample, as Keras's divide_no_nan.</summary>
    public override double Result() => _count == 0 ? 0 : _total / _count;

    /// <summary>Sets the total and the count to 0.</summary>
    public override void ResetState()
    {
        _total = 0;
        _count = 0;
    }

    private static int[] Range(int from, int to) => Enumerable.Range(from, to - from).ToArray();

}
