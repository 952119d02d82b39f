using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using System.Globalization;
using Strata.Callbacks;
using Strata.Layers;

namespace Strata.GpuBench;

/// <summary>The models and the measurements, each printed as one line of key=value pairs.</summary>
internal static class Workloads
{
    public static Model BookNetwork()
    {
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    public static void Train(string name, Model model, MnistData train, MnistData test, int batchSize, int epochs)
    {
        var clock = new EpochClock();
        model.Fit(train.Images, train.Labels, epochs: epochs, batchSize: batchSize, verbose: 0, callbacks: [clock]);
        double accuracy = model.Evaluate(test.Images, test.Labels, batchSize: 1000, verbose: 0)["accuracy"];
        double[] later = [.. clock.Seconds.Skip(1).Order()];
        double median = later.Length == 0 ? clock.Seconds[0] : later[later.Length / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} epoch_s={median:F4} first_epoch_s={clock.Seconds[0]:F4} epochs={epochs} test_acc={accuracy:F4} samples={train.Images.Shape[0]}"));
        // Where the training step's nodes ran: what to lower next.
        foreach (Cuda.Compilation.GpuStep step in model.TrainStepFunction!.DeviceSteps.OfType<Cuda.Compilation.GpuStep>())
        {
            Console.WriteLine($"# {name} step: {step.DeviceNodes.Count} nodes on the device, {step.HostNodes.Count} on the host, " +
                $"{step.Transfers} copies planned a step, {(step.ReplayedGraph ? "replayed as one graph" : step.Replayable ? "launched one by one (graphs off or failed)" : "launched one by one (host work between)")}");
            foreach (string host in step.HostNodes) Console.WriteLine($"#   host: {host}");
        }
    }

    /// <summary>C = A·B for n×n float32 matrices already on the device, through the backend's product: GFLOP/s over 5 runs after a warm-up.</summary>
    public static void Gemm(Device device, int n)
    {
        Tensor a = Tensor.Uniform([n, n], seed: 1), b = Tensor.Uniform([n, n], seed: 2);
        Action run;
        Action wait = () => { };
        if (device is Cuda.CudaDevice or Cuda.SimulatedGpu)
        {
            Cuda.GpuAccelerator gpu = device is Cuda.CudaDevice cuda ? cuda.Gpu : ((Cuda.SimulatedGpu)device).Gpu;
            var da = gpu.Accelerator.Allocate1D(a.ToArray<float>());
            var db = gpu.Accelerator.Allocate1D(b.ToArray<float>());
            var dc = gpu.Accelerator.Allocate1D<float>((long)n * n);
            var shape = new Cuda.Kernels.GemmShape(n, n, n, false, false, false, false);
            run = () => gpu.Kernels.MatMul(shape, da.View, db.View, dc.View, dc.View);
            wait = gpu.Accelerator.Synchronize;
        }
        else
        {
            run = () => Ops.MatMul(a, b);
        }
        run();
        wait();
        var clock = Stopwatch.StartNew();
        const int runs = 5;
        for (int i = 0; i < runs; i++) run();
        wait();
        double seconds = clock.Elapsed.TotalSeconds / runs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gemm n={n} gflops={2.0 * n * n * n / seconds / 1e9:F1} s={seconds:F4} device={device.Name}"));
    }

    /// <summary>Each epoch's wall time.</summary>
    private sealed class EpochClock : Callback
    {
        private readonly Stopwatch _clock = new();

        public List<double> Seconds { get; } = [];

        public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => _clock.Restart();

        public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => Seconds.Add(_clock.Elapsed.TotalSeconds);
    }
}
