using System.Diagnostics;
using Strata.Bench.Shared;
using Strata.Callbacks;
using Strata.Layers;

namespace Strata.Bench;

/// <summary>
/// The start-up path of the MNIST worker, phase by phase, in a fresh process: the book's two lines
/// (Mnist.LoadData, then AsType(Float32) / 255f) split into their steps, then the one-hot labels, the model
/// and Fit up to the end of its first step (where the worker's mnist.first_step is taken). With --epochs N it
/// then fits N more epochs and shows where the memory is after each: the peak resident memory of the worker
/// is decided there. Each phase reports its wall time,
/// its minor page faults, its kernel CPU time and the resident set after it, because on this VM a page
/// touched for the first time costs more than the arithmetic. One process measures one cold start; run it
/// several times (`for i in 1 2 3; do ... startup; done`) and take medians.
/// </summary>
internal static class StartupBenchmark
{
    public static int Run(string[] args)
    {
        Phase("runtime start (process start to Main)", ProcessStats.SecondsSinceStart(), 0, 0, 0);
        var ((images, labels), _) = Measure("Mnist.LoadData", () => Datasets.Mnist.LoadData());
        Tensor? floats = Measure("AsType(Float32)", () => images.Reshape(60000, 28 * 28).AsType(DType.Float32));
        Tensor x = Measure("/ 255f", () => floats! / 255f);
        floats = null; // as in the worker, where the converted images are a temporary: the lambda must not keep them

        Tensor y = Measure("ToCategorical", () => Utils.ToCategorical(labels, 10));
        var model = Measure("Sequential + Compile", () =>
        {
            var m = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
            m.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
            return m;
        });
        var stop = new LambdaCallback(onTrainBatchEnd: (_, _) => model.StopTraining = true);
        Measure("Fit to the end of its first step", () => model.Fit(x, y, epochs: 1, batchSize: 128, verbose: 0, callbacks: [stop]));
        int epochs = Arguments.Int(args, "--epochs", 0);
        if (epochs > 0)
        {
            Heap("before Fit");
            var heap = new LambdaCallback(onEpochEnd: (epoch, _) => Heap($"end of epoch {epoch + 1}"));
            Measure($"Fit, {epochs} more epochs", () => model.Fit(x, y, epochs: epochs, batchSize: 128, verbose: 0, callbacks: [heap]));
        }
        Console.WriteLine($"since process start: {ProcessStats.SecondsSinceStart():F3} s; peak RSS {ProcessStats.PeakResidentMiB():F0} MiB");
        return 0;
    }

    /// <summary>
    /// Where the resident memory is: collections so far (gen 0/1/2, with the time paused in them and the process's
    /// CPU time, which includes background collections), the GC's committed memory, and what each
    /// part of the heap held after the last collection (gen 0, 1, 2, large objects, pinned objects).
    /// </summary>
    private static void Heap(string when)
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
        string[] parts = ["gen0", "gen1", "gen2", "large", "pinned"];
        string sizes = string.Join(", ", info.GenerationInfo.ToArray().Select((g, i) => $"{parts[i]} {g.SizeAfterBytes >> 20}"));
        Console.WriteLine($"{when}: collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} " +
            $"(paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s, process CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s), " +
            $"committed {info.TotalCommittedBytes >> 20} MiB, after the last one ({sizes}) MiB; RSS {ResidentMiB():F0} MiB, peak {ProcessStats.PeakResidentMiB():F0} MiB");
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
