using Strata.Bench;
using Strata.Bench.Compare;

// Benchmarks, one per first argument. Run in Release:
//   dotnet run -c Release --project bench/Strata.Bench -- gemm
var benchmarks = new Dictionary<string, (string Description, Func<string[], int> Run)>
{
    ["gemm"] = ("float32 GEMM, Strata beside OpenBLAS cblas_sgemm, 1 and 2 threads", GemmBenchmark.Run),
    ["compare"] = ("Strata beside the TorchSharp peer (bench/Peers), alternating processes; a table of medians", CompareRunner.Run),
    ["step"] = ("where the chapter 2 network's training step spends its time (each GEMM, the update, whole steps)", StepProfile.Run),
    ["conv"] = ("the chapter 8 convnet's conv layers in GFLOP/s beside the measured FMA peak, and its training step's ops by kind", ConvProfile.Run),
    ["cliff"] = ("the chapter 2 network beside its L2, residual and custom-loop variants, epochs interleaved: time and bytes per step (issue 11)", CliffBenchmark.Run),
    ["startup"] = ("the MNIST worker's start-up (LoadData, AsType, / 255f) phase by phase: time, page faults, RSS", StartupBenchmark.Run),
    ["worker"] = ("one workload of compare in this process (mnist|imdb|micro); JSON lines", StrataWorkloads.Run),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Strata.Bench -- <benchmark> [options]");
    foreach (var (name, (description, _)) in benchmarks) Console.WriteLine($"  {name,-8} {description}");
    return args.Length == 0 ? 0 : 1;
}

return benchmark.Run(args[1..]);
