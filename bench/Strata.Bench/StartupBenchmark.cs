using System.Diagnostics;
using Strata.Bench.Shared;

namespace Strata.Bench;

/// <summary>
/// The start-up path of the MNIST worker, phase by phase, in a fresh process: the book's two lines
/// (Mnist.LoadData, then AsType(Float32) / 255f) split into their steps. Each phase reports its wall time,
/// its minor page faults, its kernel CPU time and the resident set after it, because on this VM a page
/// touched for the first time costs more than the arithmetic. One process measures one cold start; run it
/// several times (`for i in 1 2 3; do ... startup; done`) and take medians.
/// </summary>
internal static class StartupBenchmark
{
    public static int Run(string[] args)
    {
        Phase("runtime start (process start to Main)", ProcessStats.SecondsSinceStart(), 0, 0, 0);
        var ((images, _), _) = Measure("Mnist.LoadData", () => Datasets.Mnist.LoadData());
        Tensor floats = Measure("AsType(Float32)", () => images.Reshape(60000, 28 * 28).AsType(DType.Float32));
        Tensor x = Measure("/ 255f", () => floats / 255f);
        GC.KeepAlive(x);
        Console.WriteLine($"since process start: {ProcessStats.SecondsSinceStart():F3} s; peak RSS {ProcessStats.PeakResidentMiB():F0} MiB");
        return 0;
    }

    private static T Measure<T>(string name, Func<T> action)
    {
        long faults = ProcessStats.MinorPageFaults();
        double kernel = ProcessStats.KernelCpuSeconds();
        long start = Stopwatch.GetTimestamp();
        T result = action();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Phase(name, seconds, ProcessStats.MinorPageFaults() - faults, ProcessStats.KernelCpuSeconds() - kernel, ResidentMiB());
        return result;
    }

    private static void Phase(string name, double seconds, long faults, double kernelSeconds, double residentMiB) =>
        Console.WriteLine($"{name,-40} {seconds,7:F3} s  {faults,8} faults  {kernelSeconds,6:F2} s kernel  RSS {residentMiB,5:F0} MiB");

    /// <summary>VmRSS from /proc/self/status: what is resident now (VmHWM is the peak).</summary>
    private static double ResidentMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) / 1024.0;
        }
        return double.NaN;
    }
}
