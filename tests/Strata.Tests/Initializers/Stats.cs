namespace Strata.Tests.Initializers;

/// <summary>Sample statistics of a tensor's values, in double precision.</summary>
internal static class Stats
{
    public static (double Mean, double Std, double Min, double Max) Of(Tensor t)
    {
        double[] v = t.ToArray<float>().Select(x => (double)x).ToArray();
        double mean = v.Average();
        double std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        return (mean, std, v.Min(), v.Max());
    }

    /// <summary>|actual - expected| ≤ relative·expected.</summary>
    public static void Within(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: expected {expected:R} ± {relative:P0}, got {actual:R}");
}

/// <summary>Tests that seed or read Strata's global generator run alone, so other tests cannot draw in between.</summary>
[CollectionDefinition("Initializers.GlobalRandom", DisableParallelization = true)]
public class GlobalRandomCollection
{
}
