using Strata.Compilation;

namespace Strata.Metrics;

/// <summary>
/// Keras's Reduce metrics (<see cref="Mean"/>, <see cref="Sum"/>): a running sum of values — losses, any number —
/// passed to <see cref="UpdateState(Tensor, Tensor?)"/>, each weighted by its sample weight (broadcast to the values),
/// as a custom training loop keeps them: <c>lossTracker.UpdateState(loss)</c>, then <c>lossTracker.Result()</c>.
/// </summary>
public abstract class Reduce : Metric
{
    private readonly bool _mean;
    private double _total;
    private double _count;

    private protected Reduce(string name, bool mean)
        : base(name)
    {
        _mean = mean;
    }

    /// <summary>Adds the values (any shape), weighted by <paramref name="sampleWeight"/> when given.</summary>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        using (GradientTape.Suspend())
        {
            Tensor v = values.AsType(DType.Float32);
            Tensor? w = sampleWeight is null ? null : Ops.BroadcastTo(sampleWeight.AsType(DType.Float32), v.Shape.ToArray());
            Trace.HostSums($"{Name}.UpdateState", w is null ? [v] : [v * w, w], [new SumPart(0, SumTerm.Values), new SumPart(w is null ? 0 : 1, w is null ? SumTerm.Elements : SumTerm.Values)], sums =>
            {
                _total += sums[0];
                _count += sums[1];
            });
        }
    }

    /// <summary>A Reduce metric takes values, not targets and predictions: for a metric of predictions use <see cref="MeanMetricWrapper"/>.</summary>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new InvalidOperationException($"{GetType().Name} '{Name}' takes values (UpdateState(values, sampleWeight)), not targets and predictions; for a metric of predictions use MeanMetricWrapper.");

    /// <summary>The weighted mean (0 before any value, as Keras's divide_no_nan) or the weighted sum.</summary>
    public override double Result() => _mean ? (_count == 0 ? 0 : _total / _count) : _total;

    /// <summary>Sets the total and the count to 0.</summary>
    public override void ResetState()
    {
        _total = 0;
        _count = 0;
    }
}
