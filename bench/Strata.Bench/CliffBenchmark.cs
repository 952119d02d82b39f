using System.Diagnostics;
using Strata.Bench.Shared;
using Strata.Callbacks;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;
using Strata.Regularizers;

namespace Strata.Bench;

/// <summary>
/// The "cliff": the chapter 2 network beside variants that used to leave the fast path (issue 11), all in one
/// process on Fashion-MNIST, batch 128: epoch time (median of the epochs after the first, which traces and
/// warms up) and managed bytes allocated per training step, each variant against its plain twin.
/// </summary>
internal static class CliffBenchmark
{
    private const int BatchSize = 128;

    public static int Run(string[] args)
    {
        Engine.Threads = Arguments.Int(args, "--threads", 2);
        int epochs = Arguments.Int(args, "--epochs", 4);
        var ((images, labels), _) = Datasets.FashionMnist.LoadData();
        Tensor x = images.Reshape(60000, 28 * 28).AsType(DType.Float32) / 255f;
        Tensor y = Utils.ToCategorical(labels, 10);

        var rows = new List<(string Name, string Twin, double Seconds, double Bytes)>();
        void Add(string name, string twin, (double Seconds, double Bytes) r)
        {
            rows.Add((name, twin, r.Seconds, r.Bytes));
            Console.WriteLine($"  {name,-44} {r.Seconds,7:F3} s/epoch {r.Bytes,10:N0} B/step");
        }

        Add("plain 512-10 (as the book writes it)", "", Fit(Chain(512), x, y, epochs));
        Add("L2(1e-4) kernel penalties", "plain 512-10 (as the book writes it)", Fit(Chain(512, new L2(1e-4f)), x, y, epochs));
        Add("plain 512-512-10 chain", "", Fit(Chain(512, null, 512), x, y, epochs));
        Add("residual 512-512-10 (functional Add)", "plain 512-512-10 chain", Fit(Residual(), x, y, epochs));
        Add("custom GradientTape loop, compiled", "plain 512-10 (as the book writes it)", CustomLoop(x, y, epochs, compiled: true));
        Add("custom GradientTape loop, eager", "plain 512-10 (as the book writes it)", CustomLoop(x, y, epochs, compiled: false));

        Console.WriteLine();
        Console.WriteLine("| the chapter 2 network ... | epoch, s | vs its plain twin | allocated per step, B |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach ((string name, string twin, double seconds, double bytes) in rows)
        {
            double ratio = twin.Length == 0 ? 1 : seconds / rows.First(r => r.Name == twin).Seconds;
            Console.WriteLine($"| {name} | {seconds:F3} | {ratio:F2}x | {bytes:N0} |");
        }
        return 0;
    }

    private static Model Chain(int units, Regularizer? penalty = null, int? second = null)
    {
        var layers = new List<Layer> { new Dense(units, activation: "relu", kernelRegularizer: penalty) };
        if (second is int s) layers.Add(new Dense(s, activation: "relu", kernelRegularizer: penalty));
        layers.Add(new Dense(10, activation: "softmax", kernelRegularizer: penalty));
        return new Sequential(layers);
    }

    private static Model Residual()
    {
        var input = new Input(shape: [784]);
        SymbolicTensor h = new Dense(512, activation: "relu").Call(input);
        SymbolicTensor r = new Dense(512, activation: "relu").Call(h);
        SymbolicTensor output = new Dense(10, activation: "softmax").Call(new Layers.Add().Call([h, r]));
        return new Model(input, output);
    }

    private static (double Seconds, double Bytes) Fit(Model model, Tensor x, Tensor y, int epochs)
    {
        Random.SetSeed(42);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var probe = new TrainingProbe();
        int epoch = 0;
        model.Fit(x, y, epochs: epochs, batchSize: BatchSize, verbose: 0, callbacks: [new LambdaCallback(
            onEpochBegin: (e, _) => probe.EpochBegin(epoch = e),
            onEpochEnd: (e, _) => probe.EpochEnd(e),
            onTrainBatchBegin: (step, _) => probe.BatchBegin(epoch, step),
            onTrainBatchEnd: (step, _) => probe.BatchEnd(epoch, step))]);
        return (Statistics.Median(probe.EpochSeconds.Skip(1)), probe.BytesPerStep);
    }

    /// <summary>DESIGN.md's custom loop over the same batches (shuffled each epoch, as Fit does), compiled with Function.Compile or not.</summary>
    private static (double Seconds, double Bytes) CustomLoop(Tensor x, Tensor y, int epochs, bool compiled)
    {
        Random.SetSeed(42);
        Model model = Chain(512);
        model.Build(-1, 784);
        var lossFn = new CategoricalCrossentropy();
        var optimizer = new RMSprop(learningRate: 1e-3f);
        var accuracy = new CategoricalAccuracy();
        IReadOnlyList<Variable> weights = model.TrainableWeights;
        Tensor Step(Tensor xb, Tensor yb)
        {
            using var tape = new GradientTape();
            Tensor predictions = model.Call(xb, training: true);
            Tensor loss = lossFn.Call(yb, predictions);
            Tensor[] gradients = tape.Gradient(loss, weights);
            optimizer.ApplyGradients(gradients, weights);
            accuracy.UpdateState(yb, predictions);
            return loss;
        }
        Func<Tensor, Tensor, Tensor> step = compiled ? Function.Compile(Step) : Step;

        int n = x.Shape[0], full = n / BatchSize;
        var xb = Tensor.Zeros(BatchSize, 784);
        var yb = Tensor.Zeros(BatchSize, 10);
        var order = Enumerable.Range(0, n).ToArray();
        var rng = new System.Random(1);
        var seconds = new List<double>();
        double bytes = 0;
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(order);
            long start = Stopwatch.GetTimestamp(), allocated = 0;
            for (int b = 0; b < full; b++)
            {
                Gather(x, order, b * BatchSize, xb);
                Gather(y, order, b * BatchSize, yb);
                long before = GC.GetAllocatedBytesForCurrentThread();
                step(xb, yb);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            if (e == 1) bytes = (double)allocated / full;
            accuracy.ResetState();
        }
        return (Statistics.Median(seconds.Skip(1)), bytes);
    }

    /// <summary>Copies the rows order[from..] of source into the batch buffer (as Fit gathers a batch).</summary>
    private static void Gather(Tensor source, int[] order, int from, Tensor batch)
    {
        int width = batch.Shape[1];
        float[] src = source.Array<float>(), dst = batch.Array<float>();
        for (int i = 0; i < batch.Shape[0]; i++) Array.Copy(src, source.Offset + order[from + i] * width, dst, i * width, width);
    }
}
