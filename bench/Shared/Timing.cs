using System.Diagnostics;

namespace Strata.Bench.Shared;

public static class Timing
{
    /// <summary>Seconds: the median of <paramref name="repetitions"/> timed calls, after untimed warm-up calls.</summary>
    public static double Median(int warmups, int repetitions, Action action)
    {
        for (int i = 0; i < warmups; i++) action();
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
