using Strata.Bench.Shared;

namespace Strata.Bench.Compare;

/// <summary>The SGEMM rows of the comparison: GemmBenchmark's alternating measurement, 2 threads, as Measurements.</summary>
internal static class GemmComparison
{
    public static IEnumerable<Measurement> Measure(int reps)
    {
        if (!OpenBlas.TryLoad(keepCoreType: false, out string message))
        {
            Console.Error.WriteLine($"compare: SGEMM rows skipped: {message}");
            yield break;
        }

        Console.WriteLine($"  SGEMM, 2 threads, {message}");
        foreach (var (m, k, n) in GemmBenchmark.Shapes)
        {
            var (strata, openBlas, agree) = GemmBenchmark.Measure(m, k, n, threads: 2, reps);
            if (!agree) Console.Error.WriteLine($"compare: SGEMM {m}×{k}×{n}: Strata's and OpenBLAS's results differ!");
            yield return new Measurement(CompareRow.Strata, $"sgemm.{m}x{k}x{n}", strata, "GFLOP/s");
            yield return new Measurement(CompareRow.OpenBlas, $"sgemm.{m}x{k}x{n}", openBlas, "GFLOP/s");
        }
    }
}
