// The GPU workloads of issue 16, one line each ("workload key=value ..."), for bench/gpu/run.sh to set beside PyTorch's:
//   mnist   the book's chapter 2 network, batch 128, data on the device; epoch seconds (median after the first) and test accuracy
//   convnet the book's chapter 8 convnet, batch 64; epoch seconds and test accuracy
//   gemm    SGEMM 4096³ through the backend's product; GFLOP/s
// Options: --device cuda|simulator|cpu (default cuda), --workloads mnist,convnet,gemm, --epochs N (default 4),
// --samples N (training samples; default all 60000), --data <folder with mnist.npz> (default: random data of MNIST's shape).
using Strata;
using Strata.Cuda;
using Strata.GpuBench;

var options = Options.Parse(args);
Device device = options.Device switch
{
    "cuda" => Device.Cuda(),
    "simulator" => new SimulatedGpu(),
    "cpu" => Device.Cpu,
    _ => throw new ArgumentException($"--device: cuda, simulator or cpu; got '{options.Device}'."),
};
Console.WriteLine($"device {device}");
Engine.Device = device;
var (train, test) = MnistData.Load(options);
foreach (string workload in options.Workloads)
{
    switch (workload)
    {
        case "mnist":
            Workloads.Train("mnist", Workloads.BookNetwork(), train.Flat(), test.Flat(), batchSize: 128, options.Epochs);
            break;
        case "convnet":
            Workloads.Train("convnet", Strata.Bench.BookConvnet.Build(), train, test, batchSize: 64, options.Epochs);
            break;
        case "gemm":
            Workloads.Gemm(device, options.Device == "cpu" ? 1024 : options.Device == "simulator" ? 96 : 4096);
            break;
        default:
            throw new ArgumentException($"--workloads: mnist, convnet or gemm; got '{workload}'.");
    }
}
return 0;
