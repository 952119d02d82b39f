using Strata.Bench.Shared;
using Strata.Callbacks;
using Strata.Datasets;
using Strata.Layers;

namespace Strata.Bench.Compare;

/// <summary>
/// Strata's side of the comparison, one workload per process (`Strata.Bench worker mnist|imdb|micro`),
/// written with the public API exactly as a user would: Sequential, Dense, Compile, Fit with verbose 0,
/// Predict. bench/Peers has the same workloads in TorchSharp; both print Measurement JSON lines.
/// </summary>
internal static class StrataWorkloads
{
    public const string Side = "strata";

    public static int Run(string[] args)
    {
        var workloads = new Dictionary<string, Action<string[]>> { ["mnist"] = Mnist, ["imdb"] = Imdb, ["micro"] = StrataMicroWorkload.Run, ["convnet"] = Convnet, ["lstm"] = Lstm, ["transformer"] = Transformer };
        if (args.Length == 0 || !workloads.TryGetValue(args[0], out var workload))
        {
            Console.Error.WriteLine($"usage: Strata.Bench worker <{string.Join('|', workloads.Keys)}> [--epochs N]");
            return 1;
        }

        // As the peer runs: two threads (this machine's cores), a fixed seed.
        Engine.Threads = 2;
        Random.SetSeed(42);
        workload(args[1..]);
        return 0;
    }

    /// <summary>
    /// The chapter 2 network for 5 epochs (batch 128) in a process of its own: time to the first step, epoch
    /// times, managed allocation per step, and the whole process's peak resident memory.
    /// </summary>
    private static void Mnist(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 5);
        var ((trainImages, trainLabels), _) = Datasets.Mnist.LoadData();
        Tensor x = trainImages.Reshape(60000, 28 * 28).AsType(DType.Float32) / 255f;
        Tensor y = Utils.ToCategorical(trainLabels, 10);
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var probe = new TrainingProbe();
        History history = model.Fit(x, y, epochs: epochs, batchSize: 128, verbose: 0, callbacks: [Hooks(probe)]);
        probe.Report(Side, "mnist");
        new Measurement(Side, "mnist.accuracy", history["accuracy"][^1], "").Print();
        ProcessStats.Report(Side, "mnist");
    }

    /// <summary>The chapter 3 network, one epoch = 25,000 multi-hot reviews of 10,000 words, batch 512; the first epoch is the warm-up.</summary>
    private static void Imdb(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 3);
        var ((trainData, trainLabels), _) = Datasets.Imdb.LoadData(numWords: 10000);
        Tensor x = Utils.VectorizeSequences(trainData, dimension: 10000);
        Tensor y = trainLabels.AsType(DType.Float32);
        var model = new Sequential([new Dense(16, activation: "relu"), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var probe = new TrainingProbe();
        History history = model.Fit(x, y, epochs: epochs, batchSize: 512, verbose: 0, callbacks: [Hooks(probe)]);
        new Measurement(Side, "imdb.epoch", Statistics.Median(probe.EpochSeconds.Skip(1)), "s").Print();
        new Measurement(Side, "imdb.accuracy", history["accuracy"][^1], "").Print();
    }

    /// <summary>The chapter 8 convnet (sparse labels, rmsprop), 2 epochs at batch 64 (the first is the warm-up), then Predict on the 10,000 test images.</summary>
    private static void Convnet(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 2);
        var ((trainImages, trainLabels), (testImages, _)) = Datasets.Mnist.LoadData();
        Model model = BookConvnet.Build();
        var probe = new TrainingProbe();
        History history = model.Fit(trainImages.Reshape(60000, 28, 28, 1).AsType(DType.Float32) / 255f, trainLabels,
            epochs: epochs, batchSize: 64, verbose: 0, callbacks: [Hooks(probe)]);
        new Measurement(Side, "convnet.epoch", Statistics.Median(probe.EpochSeconds.Skip(1)), "s").Print();
        new Measurement(Side, "convnet.accuracy", history["accuracy"][^1], "").Print();
        Tensor test = testImages.Reshape(10000, 28, 28, 1).AsType(DType.Float32) / 255f;
        model.Predict(test, verbose: 0); // warm-up: traces and compiles the forward pass
        new Measurement(Side, "convnet.predict", Timing.Median(warmups: 0, repetitions: 3, () => model.Predict(test, verbose: 0)), "s").Print();
    }

    /// <summary>
    /// Chapter 10's recurrent classifier on IMDB: reviews of the 10,000 most frequent words padded to 200 tokens,
    /// Embedding(10000, 128) → LSTM(64) → Dense(1, sigmoid), rmsprop, batch 64; 2 epochs, the first the warm-up.
    /// </summary>
    private static void Lstm(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 2);
        var ((trainData, trainLabels), _) = Datasets.Imdb.LoadData(numWords: 10000);
        Tensor x = Utils.PadSequences(trainData, maxLen: 200);
        var input = new Input(shape: [200], dtype: DType.Int32);
        SymbolicTensor h = new LSTM(64).Call(new Embedding(10000, 128).Call(input));
        var model = new Model(input, new Dense(1, activation: "sigmoid").Call(h));
        FitAndReport("lstm", model, x, trainLabels, batchSize: 64, epochs);
    }

    /// <summary>
    /// Chapter 11's Transformer encoder on IMDB, the book's sizes (20,000 words, embedding 256, 2 heads of keyDim 256,
    /// dense 32) on reviews padded to 200 tokens: PositionalEmbedding (its mask hides the padding from the attention)
    /// → TransformerEncoder → GlobalMaxPooling1D → Dropout(0.5) → Dense(1, sigmoid), rmsprop, batch 32; 2 epochs,
    /// the first the warm-up. The two custom layers are the example's (examples/ImdbSequences), as a user writes them.
    /// </summary>
    private static void Transformer(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 2);
        var ((trainData, trainLabels), _) = Datasets.Imdb.LoadData(numWords: 20000);
        Tensor x = Utils.PadSequences(trainData, maxLen: 200, dtype: DType.Int64);
        var input = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor h = new TransformerEncoder(embedDim: 256, denseDim: 32, numHeads: 2).Call(new PositionalEmbedding(200, 20000, 256).Call(input));
        h = new Dropout(0.5f).Call(new GlobalMaxPooling1D().Call(h));
        var model = new Model(input, new Dense(1, activation: "sigmoid").Call(h));
        FitAndReport("transformer", model, x, trainLabels, batchSize: 32, epochs);
    }

    /// <summary>A binary classifier of reviews trained with rmsprop; prints its median epoch after the first (the warm-up) and its last accuracy.</summary>
    private static void FitAndReport(string workload, Model model, Tensor x, Tensor labels, int batchSize, int epochs)
    {
        model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var probe = new TrainingProbe();
        History history = model.Fit(x, labels.AsType(DType.Float32), epochs: epochs, batchSize: batchSize, verbose: 0, callbacks: [Hooks(probe)]);
        new Measurement(Side, $"{workload}.epoch", Statistics.Median(probe.EpochSeconds.Skip(1)), "s").Print();
        new Measurement(Side, $"{workload}.accuracy", history["accuracy"][^1], "").Print();
    }

    /// <summary>Fit's callbacks feeding the probe (Fit's batch hooks do not say the epoch, so it is remembered).</summary>
    private static Callback Hooks(TrainingProbe probe)
    {
        int epoch = 0;
        return new LambdaCallback(
            onEpochBegin: (e, _) => probe.EpochBegin(epoch = e),
            onEpochEnd: (e, _) => probe.EpochEnd(e),
            onTrainBatchBegin: (step, _) => probe.BatchBegin(epoch, step),
            onTrainBatchEnd: (step, _) => probe.BatchEnd(epoch, step));
    }
}
