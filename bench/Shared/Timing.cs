using System.Diagnostics;

namespace Strata.Bench.Shared;

public static class Timing
{
    /// <summary>
    /// The least time spent warming up. .NET compiles a method quickly first and recompiles it optimized only
    /// after it has been called 30 times and no new method has needed compiling for 100 ms (tiered
    /// compilation); a few hundred calls of a 10 µs operation end before that, and would time unoptimized
    /// code. Both sides' managed code (Strata, TorchSharp's wrappers) gets the same warm-up.
    /// </summary>
    private const double MinWarmupSeconds = 1.0;

    /// <summary>
    /// Seconds: the median of <paramref name="repetitions"/> timed calls, after untimed warm-up calls (at
    /// least <paramref name="warmups"/>, and at least <see cref="MinWarmupSeconds"/> of them).
    /// </summary>
    public static double Median(int warmups, int repetitions, Action action)
    {
        long warmStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmups || Stopwatch.GetElapsedTime(warmStart).TotalSeconds < MinWarmupSeconds; i++) action();
        var seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            // Raw ticks, not GetElapsedTime: its TimeSpan rounds to 100 ns, 1% of a 10 µs call.
            seconds[i] = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        }
        return Statistics.Median(seconds);
    }
}
