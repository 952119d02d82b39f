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
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return Statistics.Median(seconds);
    }
}
