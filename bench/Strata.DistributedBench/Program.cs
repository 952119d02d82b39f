// Data-parallel training throughput: one line per workload, printed by rank 0, with the global samples per second,
// the seconds a step spends in gradient sums on the MPI thread, and the step's wall time.
// Usage (under mpirun, one thread a rank): Strata.DistributedBench [mlp|convnet] [epochs] [samples]
using System.Diagnostics;
using System.Globalization;
using Strata;
using Strata.Bench;
using Strata.Callbacks;
using Strata.Datasets;
using Strata.Distributed;
using Strata.Layers;

string workload = args.Length > 0 ? args[0] : "mlp";
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
int samples = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60000;
Engine.Threads = 1;
Distribution.Set(new DataParallel());
DataParallel parallel = Distribution.Current!;

var ((images, labels), _) = Mnist.LoadData();
Tensor x = images[..samples].AsType(DType.Float32) / 255f, y = labels[..samples];
Model model;
int batch;
if (workload == "convnet")
{
    model = BookConvnet.Build();
    x = x.Reshape(samples, 28, 28, 1);
    batch = 64;
}
else
{
    model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
    model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
    x = x.Reshape(samples, 784);
    batch = 128;
}

// The first epoch traces and compiles; the later ones are timed.
var seconds = new List<double>();
var clock = new Stopwatch();
var timer = new LambdaCallback(onEpochBegin: (_, _) => clock.Restart(), onEpochEnd: (_, _) => seconds.Add(clock.Elapsed.TotalSeconds));
double before = parallel.GradientSeconds;
model.Fit(x, y, epochs: epochs, batchSize: batch, verbose: 0, callbacks: [timer]);
int steps = (samples + batch - 1) / batch;
double epoch = seconds.Skip(1).DefaultIfEmpty(seconds[0]).Min();
double sums = (parallel.GradientSeconds - before) / (steps * epochs);
if (parallel.IsChief)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{workload} ranks={parallel.ProcessCount} samples_per_s={samples / epoch:F0} epoch_s={epoch:F3} step_ms={epoch / steps * 1e3:F3} gradient_sum_ms={sums * 1e3:F3} batch={batch}"));
}
