using TorchSharpPeer;
using static TorchSharp.torch;

// The TorchSharp peer of Strata's benchmarks. Each workload runs in its own process (started by
// `dotnet run -c Release --project bench/Strata.Bench -- compare`) and prints its results as JSON lines.
//   dotnet run -c Release --project bench/Peers -- mnist|convnet|imdb|micro|twin|lstm|transformer [--epochs N] [--seed N]
var workloads = new Dictionary<string, Action<string[]>>
{
    ["mnist"] = MnistWorkload.Run,
    ["convnet"] = ConvnetWorkload.Run,
    ["imdb"] = ImdbWorkload.Run,
    ["micro"] = MicroWorkload.Run,
    ["twin"] = TwinConvnets.Run,
    ["lstm"] = LstmWorkload.Run,
    ["transformer"] = TransformerWorkload.Run,
};

if (args.Length == 0 || !workloads.TryGetValue(args[0], out var workload))
{
    Console.Error.WriteLine($"usage: Peers <{string.Join('|', workloads.Keys)}> [--epochs N]");
    return args.Length == 0 ? 0 : 1;
}

// As the Strata runs: two threads (this machine's cores), a fixed seed.
set_num_threads(2);
manual_seed(Strata.Bench.Shared.Arguments.Int(args, "--seed", 42));
workload(args[1..]);
return 0;
