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
/// process on Fashion-MNIST, batch 128: epoch time and managed bytes allocated per training step, each
/// variant against its plain twin. Options: --rounds N (epochs per variant, default 6), --threads N.
/// </summary>
internal static class CliffBenchmark
{
    private const int BatchSize = 128;

    public static int Run(string[] args)
    {
        Engine.Threads = Arguments.Int(args, "--threads", 2);
        int epochs = Arguments.Int(args, "--rounds", 6);
        var ((images, labels), _) = Datasets.FashionMnist.LoadData();
        Tensor x = images.Reshape(60000, 28 * 28).AsType(DType.Float32) / 255f;
        Tensor y = Utils.ToCategorical(labels, 10);

        // Every variant trains one epoch per round, in turn, so that a busy spell of the machine hits them alike;
        // each figure is the median over the rounds after the first (which traces and warms up).
        var variants = new (string Name, string Twin, Func<IEpochs> Create)[]
        {
            ("plain 512-10 (as the book writes it)", "", () => new FitEpochs(Chain(512), x, y)),
            ("L2(1e-4) kernel penalties", "plain 512-10 (as the book writes it)", () => new FitEpochs(Chain(512, new L2(1e-4f)), x, y)),
            ("plain 512-512-10 chain", "", () => new FitEpochs(Chain(512, null, 512), x, y)),
            ("residual 512-512-10 (functional Add)", "plain 512-512-10 chain", () => new FitEpochs(Residual(), x, y)),
            ("custom GradientTape loop, compiled", "plain 512-10 (as the book writes it)", () => new LoopEpochs(x, y, compiled: true)),
            ("custom GradientTape loop, eager", "plain 512-10 (as the book writes it)", () => new LoopEpochs(x, y, compiled: false)),
        };
        IEpochs[] runs = variants.Select(v => v.Create()).ToArray();
        var seconds = runs.Select(_ => new List<double>()).ToArray();
        var bytes = new double[runs.Length];
        for (int round = 0; round < epochs; round++)
        {
            for (int v = 0; v < runs.Length; v++)
            {
                (double s, double b) = runs[v].Epoch();
                if (round > 0) seconds[v].Add(s);
                if (round == 1) bytes[v] = b;
            }
            Console.WriteLine($"  round {round + 1}/{epochs}: {string.Join("  ", runs.Select((_, v) => seconds[v].Count > 0 ? $"{seconds[v][^1]:F3}" : "-"))}");
        }

        Console.WriteLine();
        Console.WriteLine("| the chapter 2 network ... | epoch, s | vs its plain twin | allocated per step, B |");
        Console.WriteLine("|---|---:|---:|---:|");
        double Median(int v) => Statistics.Median(seconds[v]);
        for (int v = 0; v < variants.Length; v++)
        {
            int twin = Array.FindIndex(variants, t => t.Name == variants[v].Twin);
            double ratio = twin < 0 ? 1 : Median(v) / Median(twin);
            Console.WriteLine($"| {variants[v].Name} | {Median(v):F3} | {ratio:F2}x | {bytes[v]:N0} |");
        }
        return 0;
    }

    /// <summary>A way of training that runs one more epoch per call: its time and the managed bytes per step.</summary>
    private interface IEpochs
    {
        (double Seconds, double BytesPerStep) Epoch();
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

    /// <summary>Fit, one epoch per call (the compiled steps stay with the model from call to call).</summary>
    private sealed class FitEpochs : IEpochs
    {
        private readonly Model _model;
        private readonly Tensor _x, _y;

        public FitEpochs(Model model, Tensor x, Tensor y)
        {
            Random.SetSeed(42);
            (_model, _x, _y) = (model, x, y);
            model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        }

        public (double Seconds, double BytesPerStep) Epoch()
        {
            long first = 0, last = 0;
            int steps = 0;
            var probe = new LambdaCallback(onTrainBatchBegin: (step, _) =>
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                if (step == 1) first = now; // from the second step: the first may trace
                last = now;
                steps = step;
            });
            long start = Stopwatch.GetTimestamp();
            _model.Fit(_x, _y, epochs: 1, batchSize: BatchSize, verbose: 0, callbacks: [probe]);
            return (Stopwatch.GetElapsedTime(start).TotalSeconds, steps > 1 ? (double)(last - first) / (steps - 1) : double.NaN);
        }
    }

    /// <summary>DESIGN.md's custom loop over the same batches (shuffled each epoch, as Fit does), compiled with Function.Compile or not.</summary>
    private sealed class LoopEpochs : IEpochs
    {
        private readonly Tensor _x, _y, _xb = Tensor.Zeros(BatchSize, 784), _yb = Tensor.Zeros(BatchSize, 10);
        private readonly Func<Tensor, Tensor, Tensor> _step;
        private readonly CategoricalAccuracy _accuracy = new();
        private readonly int[] _order;
        private readonly System.Random _shuffle = new(1);

        public LoopEpochs(Tensor x, Tensor y, bool compiled)
        {
            Random.SetSeed(42);
            (_x, _y) = (x, y);
            _order = Enumerable.Range(0, x.Shape[0]).ToArray();
            Model model = Chain(512);
            model.Build(-1, 784);
            var lossFn = new CategoricalCrossentropy();
            var optimizer = new RMSprop(learningRate: 1e-3f);
            IReadOnlyList<Variable> weights = model.TrainableWeights;
            Tensor Step(Tensor xb, Tensor yb)
            {
                using var tape = new GradientTape();
                Tensor predictions = model.Call(xb, training: true);
                Tensor loss = lossFn.Call(yb, predictions);
                Tensor[] gradients = tape.Gradient(loss, weights);
                optimizer.ApplyGradients(gradients, weights);
                _accuracy.UpdateState(yb, predictions);
                return loss;
            }
            _step = compiled ? Function.Compile(Step) : Step;
        }

        public (double Seconds, double BytesPerStep) Epoch()
        {
            _shuffle.Shuffle(_order);
            int full = _x.Shape[0] / BatchSize;
            long start = Stopwatch.GetTimestamp(), allocated = 0;
            for (int b = 0; b < full; b++)
            {
                Gather(_x, _order, b * BatchSize, _xb);
                Gather(_y, _order, b * BatchSize, _yb);
                long before = GC.GetAllocatedBytesForCurrentThread();
                _step(_xb, _yb);
                if (b > 0) allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            _accuracy.ResetState();
            return (Stopwatch.GetElapsedTime(start).TotalSeconds, (double)allocated / (full - 1));
        }
    }

    /// <summary>Copies the rows order[from..] of source into the batch buffer (as Fit gathers a batch).</summary>
    private static void Gather(Tensor source, int[] order, int from, Tensor batch)
    {
        int width = batch.Shape[1];
        float[] src = source.Array<float>(), dst = batch.Array<float>();
        for (int i = 0; i < batch.Shape[0]; i++) Array.Copy(src, source.Offset + order[from + i] * width, dst, i * width, width);
    }
}
