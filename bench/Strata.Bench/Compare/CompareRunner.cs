using System.Diagnostics;
using Strata.Bench.Shared;

namespace Strata.Bench.Compare;

/// <summary>
/// Strata beside the TorchSharp peer: each workload runs in fresh processes, Strata's then the peer's, for
/// several pairs (A B A B ...), so slow drifts of a shared machine hit both sides alike; then SGEMM beside
/// OpenBLAS in this process. Prints medians and Strata/peer ratios as a Markdown table.
/// </summary>
internal static class CompareRunner
{
    /// <summary>
    /// Each is one process per side and pair. convnet: the chapter 8 convnet, 2 epochs at batch 64 and a Predict; mnist: 5 epochs (start-up, epoch times, memory, allocation);
    /// imdb: 3 epochs, the first the warm-up; micro: predictions and the tiny op; lstm: chapter 10's LSTM on IMDB, 2 epochs;
    /// transformer: chapter 11's Transformer encoder on IMDB, 2 epochs.
    /// </summary>
    private static readonly string[] Workloads = ["mnist", "imdb", "micro", "convnet", "lstm", "transformer"];

    public static int Run(string[] args)
    {
        int pairs = 5, gemmReps = 7;
        bool build = true;
        string[] workloads = Workloads;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--pairs" && i + 1 < args.Length && int.TryParse(args[i + 1], out pairs) && pairs > 0) i++;
            else if (args[i] == "--gemm-reps" && i + 1 < args.Length && int.TryParse(args[i + 1], out gemmReps) && gemmReps > 0) i++;
            else if (args[i] == "--no-build") build = false;
            else if (args[i] == "--workloads" && i + 1 < args.Length && args[i + 1].Split(',').All(Workloads.Contains)) workloads = args[++i].Split(',');
            else
            {
                Console.Error.WriteLine($"compare: unknown option {args[i]} (options: --pairs N (5), --gemm-reps N (7), --no-build, --workloads {string.Join(',', Workloads)})");
                return 1;
            }
        }

        var clock = Stopwatch.StartNew();
        string root = RepositoryPaths.Root();
        if (build) RepositoryPaths.BuildPeer(root);
        string? datasets = RepositoryPaths.Datasets(root);
        var sides = new[] { (Name: CompareRow.Strata, Command: RepositoryPaths.SelfCommand(), Args: new[] { "worker" }),
                            (Name: CompareRow.TorchSharp, Command: RepositoryPaths.PeerCommand(root), Args: Array.Empty<string>()) };
        Console.WriteLine($"{pairs} alternating pairs of processes per workload; datasets: {datasets ?? "(loaders' default lookup)"}");

        var results = new List<Measurement>();
        for (int pair = 1; pair <= pairs; pair++)
        {
            foreach (string workload in workloads)
            {
                foreach (var side in sides)
                {
                    var processClock = Stopwatch.StartNew();
                    results.AddRange(WorkerProcess.Run(side.Command, [.. side.Args, workload], datasets));
                    Console.WriteLine($"  pair {pair}/{pairs}  {workload,-6} {side.Name,-10} {processClock.Elapsed.TotalSeconds,6:F1} s");
                }
            }
        }

        results.AddRange(GemmComparison.Measure(gemmReps));

        Console.WriteLine();
        Console.WriteLine($"Measured on: {MachineDescription.Describe()}");
        Console.WriteLine($"Medians of {pairs} processes per side (SGEMM: of {gemmReps} alternating blocks); ratio = Strata / peer.");
        Console.WriteLine();
        CompareTable.Print(results, Console.Out);
        Console.WriteLine();
        Console.WriteLine($"compare took {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }
}
