using Strata.Bench.Shared;
using Strata.Kernels;
using Strata.Layers;

namespace Strata.Bench;

/// <summary>
/// Where the chapter 2 network's compiled training step spends its time: each GEMM of the step alone, the
/// optimizer update alone, and whole steps, in µs per call and scaled to one epoch (469 steps). Random data,
/// so no dataset is needed; 2 threads, as in compare.
/// </summary>
internal static class StepProfile
{
    private const int StepsPerEpoch = 469;

    public static int Run(string[] args)
    {
        Engine.Threads = Arguments.Int(args, "--threads", 2);
        if (args.Contains("--steps-only"))
        {
            Steps(repetitions: 5000);
            return 0;
        }
        Gemm("forward  x·W1     128×784 · 784×512", false, false, 128, 512, 784);
        Gemm("forward  h·W2     128×512 · 512×10", false, false, 128, 10, 512);
        Gemm("backward hᵀ·dz2   (128×512)ᵀ · 128×10", true, false, 512, 10, 128);
        Gemm("backward dz2·W2ᵀ  128×10 · (512×10)ᵀ", false, true, 128, 512, 10);
        Gemm("backward xᵀ·dz1   (128×784)ᵀ · 128×512", true, false, 784, 512, 128);
        Gemm("predict  x·W1     32×784 · 784×512", false, false, 32, 512, 784);
        Gemm("predict  x·W1     1×784 · 784×512", false, false, 1, 512, 784);
        Steps(repetitions: 500);
        return 0;
    }

    private static void Gemm(string what, bool transA, bool transB, int m, int n, int k)
    {
        float[] a = Tensor.Uniform([m * k], seed: 1).ToArray<float>(), b = Tensor.Uniform([k * n], seed: 2).ToArray<float>(), c = new float[m * n];
        double seconds = Timing.Median(warmups: 50, repetitions: 500, () =>
            Kernels.Gemm.Multiply(transA, transB, m, n, k, a, 0, b, 0, c, 0, accumulate: false, Engine.Threads));
        Report(what, seconds, 2.0 * m * n * k);
    }

    private static void Steps(int repetitions)
    {
        Tensor x = Tensor.Uniform([128, 784], seed: 3);
        Tensor y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 128).Select(i => i % 10).ToArray()), 10);
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        double step = Timing.Median(warmups: 50, repetitions, () => model.TrainOnBatch(x, y));
        Report("whole compiled step (TrainOnBatch)", step, 0);
        double test = Timing.Median(warmups: 50, repetitions: 500, () => model.TestOnBatch(x, y));
        Report("forward + loss + metrics (TestOnBatch)", test, 0);
        double predict = Timing.Median(warmups: 50, repetitions: 500, () => model.Predict(x, batchSize: 128, verbose: 0));
        Report("forward only (Predict, one batch of 128)", predict, 0);

        var rmsprop = new Optimizers.RMSprop();
        var w = new Variable(Tensor.Uniform([784, 512], seed: 4));
        Tensor g = Tensor.Uniform([784, 512], seed: 5);
        double update = Timing.Median(warmups: 50, repetitions: 500, () => rmsprop.ApplyGradients([g], [w]));
        Report("RMSprop update of W1 (401,408 floats)", update, 0);
        Nodes(model, x, y);
    }

    /// <summary>Each op of the compiled training step: the median over 300 replays, the costliest first.</summary>
    private static void Nodes(Model model, Tensor x, Tensor y)
    {
        Compilation.Executable step = model.TrainStepFunction!.Executables.First();
        double[][] runs = Enumerable.Range(0, 300).Select(_ => step.Profile([x, y], 1)).ToArray();
        var nodes = step.Graph.Nodes.Select((node, i) => (Node: node, Median: Statistics.Median(runs.Select(r => r[i])))).ToList();
        double total = nodes.Sum(n => n.Median);
        Console.WriteLine();
        Console.WriteLine($"the compiled step's {nodes.Count} ops, medians over 300 replays (sum {total * 1e6:F0} µs), costliest first:");
        foreach ((Compilation.Node node, double median) in nodes.OrderByDescending(n => n.Median).Take(12))
        {
            string shape = node.Output >= 0 ? step.Graph.Values[node.Output].Shape.ToString() : "(host)";
            Console.WriteLine($"  {median * 1e6,8:F1} µs  {100 * median / total,4:F0}%  {node.Kernel} {shape}");
        }
    }

    private static void Report(string what, double seconds, double flops) =>
        Console.WriteLine($"{what,-42} {seconds * 1e6,9:F1} µs  {seconds * StepsPerEpoch,7:F3} s/epoch" + (flops > 0 ? $"  {flops / seconds / 1e9,6:F0} GFLOP/s" : ""));
}
