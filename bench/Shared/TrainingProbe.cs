using System.Diagnostics;

namespace Strata.Bench.Shared;

/// <summary>
/// Watches a training run from its batch and epoch hooks (a Strata callback, or the peer's loop) and reports
/// the same figures for both sides: time from process start to the end of the first training step, each
/// epoch's duration, and the managed bytes allocated per step in the second epoch (steady state: by then
/// every path has been JIT-compiled and every cache filled). The hooks themselves allocate nothing.
/// </summary>
public sealed class TrainingProbe
{
    private readonly List<double> _epochSeconds = [];
    private long _epochStart;
    private double _firstStepSeconds = double.NaN;
    private long _threadBytesFirst, _threadBytesLast, _allBytesFirst, _allBytesLast;
    private int _stepsFirst = -1, _stepsLast = -1;

    /// <summary>The epoch whose steps are counted for allocation (0-based): the second.</summary>
    private const int SteadyEpoch = 1;

    public void EpochBegin(int epoch) => _epochStart = Stopwatch.GetTimestamp();

    public void EpochEnd(int epoch) => _epochSeconds.Add(Stopwatch.GetElapsedTime(_epochStart).TotalSeconds);

    public void BatchBegin(int epoch, int step)
    {
        if (epoch != SteadyEpoch) return;
        long thread = GC.GetAllocatedBytesForCurrentThread(), all = GC.GetTotalAllocatedBytes(precise: false);
        if (_stepsFirst < 0) (_stepsFirst, _threadBytesFirst, _allBytesFirst) = (step, thread, all);
        (_stepsLast, _threadBytesLast, _allBytesLast) = (step, thread, all);
    }

    public void BatchEnd(int epoch, int step)
    {
        if (epoch == 0 && step == 0) _firstStepSeconds = ProcessStats.SecondsSinceStart();
    }

    public IReadOnlyList<double> EpochSeconds => _epochSeconds;

    /// <summary>Prints the figures as JSON lines, named <paramref name="workload"/>.metric.</summary>
    public void Report(string side, string workload)
    {
        new Measurement(side, $"{workload}.first_step", _firstStepSeconds, "s").Print();
        if (_epochSeconds.Count > 0) new Measurement(side, $"{workload}.epoch_cold", _epochSeconds[0], "s").Print();
        if (_epochSeconds.Count > 1) new Measurement(side, $"{workload}.epoch", Statistics.Median(_epochSeconds.Skip(1)), "s").Print();
        int steps = _stepsLast - _stepsFirst;
        if (steps > 0)
        {
            new Measurement(side, $"{workload}.alloc_per_step", (double)(_threadBytesLast - _threadBytesFirst) / steps, "B").Print();
            // Not precise: GC.GetTotalAllocatedBytes(false) may lag by one allocation context (~8 KiB) per thread.
            new Measurement(side, $"{workload}.alloc_per_step_all_threads", (double)(_allBytesLast - _allBytesFirst) / steps, "B").Print();
        }
    }
}
