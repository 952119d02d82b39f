using Strata.Callbacks;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;
using Strata.Tests.Convolution;

namespace Strata.Tests.Saving;

/// <summary>
/// Save and Load keep a compiled model's settings and its optimizer's state, as Keras's model.save: two
/// epochs, save, load, two more equal four epochs straight, bit for bit.
/// </summary>
public class ResumeTests
{
    private const int Samples = 96, Features = 6, BatchSize = 16;

    public static TheoryData<string> Optimizers() => ["rmsprop", "adam", "sgd-nesterov", "adamw", "adagrad", "adam-exponential-decay", "sgd-piecewise", "rmsprop-centered"];

    private static Optimizer MakeOptimizer(string kind) => kind switch
    {
        "rmsprop" => new RMSprop(),
        "adam" => new Adam(learningRate: 3e-3f, amsgrad: true),
        "sgd-nesterov" => new SGD(learningRate: 0.05f, momentum: 0.9f, nesterov: true, clipNorm: 1f),
        "adamw" => new AdamW(learningRate: 2e-3f, weightDecay: 0.01f),
        "adagrad" => new Adagrad(learningRate: 0.05f),
        "adam-exponential-decay" => new Adam(new ExponentialDecay(1e-2f, decaySteps: 5, decayRate: 0.8f, staircase: true)),
        "sgd-piecewise" => new SGD(new PiecewiseConstantDecay([10, 20], [0.1f, 0.05f, 0.01f]), momentum: 0.5f),
        _ => new RMSprop(momentum: 0.2f, centered: true, globalClipNorm: 2f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void TwoEpochsSavedLoadedAndTwoMoreEqualFourStraight(string optimizer)
    {
        using var folder = new Datasets.TempDirectory();
        (Tensor x, Tensor y) = Data();
        (Model straight, History all) = Train(optimizer, x, y, epochs: 4, savePath: null);
        string path = Path.Combine(folder.Path, "half.zip");
        (Model half, History first) = Train(optimizer, x, y, epochs: 2, savePath: path);
        long stepsPerEpoch = Samples / BatchSize;
        Model resumed = Model.Load(path); // loading draws no random numbers: the seeded sequence goes on
        Assert.Equal(2 * stepsPerEpoch, resumed.Optimizer!.Iterations);
        Assert.Equal(half.Optimizer!.LearningRate, resumed.Optimizer.LearningRate);
        History second = resumed.Fit(x, y, epochs: 2, batchSize: BatchSize, verbose: 0);

        Assert.Equal(4 * stepsPerEpoch, resumed.Optimizer.Iterations);
        Assert.Equal(all["loss"].Skip(2), second["loss"]);
        Assert.Equal(all["accuracy"].Skip(2), second["accuracy"]);
        Assert.Equal(Flat(straight.GetWeights()), Flat(resumed.GetWeights()));
        Assert.Equal(Flat(straight.Optimizer!.Variables.Select(v => v.Value)), Flat(resumed.Optimizer.Variables.Select(v => v.Value)));
    }

    [Fact]
    public void CompileSettingsComeBackAndEvaluateAlike()
    {
        // Two outputs with their own losses (objects with arguments), loss weights, and metrics by name and as objects.
        Strata.Random.SetSeed(2);
        var input = new Input(shape: [Features]);
        SymbolicTensor hidden = new Dense(8, activation: "relu").Call(input);
        var model = new Model([input], [new Dense(1, name: "score").Call(hidden), new Dense(3, activation: "softmax", name: "kind").Call(hidden)]);
        model.Compile(new Adam(learningRate: 5e-3f, beta1: 0.8f, clipValue: 0.5f),
            losses: [new Huber(delta: 0.7f), new SparseCategoricalCrossentropy(ignoreClass: 2)], lossWeights: [0.3f, 1.5f],
            metrics: ["accuracy"]);
        (Tensor x, _) = Data();
        Tensor score = Tensor.Uniform([Samples, 1], seed: 4), kind = Tensor.FromArray(Enumerable.Range(0, Samples).Select(i => i % 3).ToArray(), Samples, 1);
        model.Fit([x], [score, kind], epochs: 1, batchSize: BatchSize, verbose: 0);
        Model loaded = RoundTrip.SaveAndLoad(model);
        var adam = Assert.IsType<Adam>(loaded.Optimizer);
        Assert.Equal((5e-3f, 0.8f, 0.5f), (adam.LearningRate, adam.Beta1, adam.ClipValue));
        Assert.Equal(model.Evaluate([x], [score, kind], verbose: 0), loaded.Evaluate([x], [score, kind], verbose: 0));

        // Single output, metric objects with their arguments.
        var single = new Sequential([new InputLayer([Features]), new Dense(1, activation: "sigmoid")]);
        single.Compile("sgd", new BinaryCrossentropy(labelSmoothing: 0.1f), [new BinaryAccuracy(threshold: 0.3f), new Precision(threshold: 0.7f, name: "p7"), new Recall(topK: 1)]);
        (_, Tensor labels) = Data();
        Model reloaded = RoundTrip.SaveAndLoad(single);
        Dictionary<string, double> expected = single.Evaluate(x, labels, verbose: 0);
        Assert.Equal(expected, reloaded.Evaluate(x, labels, verbose: 0));
        Assert.Contains("p7", expected.Keys);
    }

    [Fact]
    public void AnUncompiledModelStaysUncompiled()
    {
        var model = new Sequential([new InputLayer([Features]), new Dense(2)]);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Null(loaded.Optimizer);
        Assert.Contains("must be compiled", Assert.Throws<InvalidOperationException>(() => loaded.Fit(Tensor.Zeros(4, Features), Tensor.Zeros(4, 2), verbose: 0)).Message);
    }

    [Fact]
    public void ALossStrataCannotRebuildLoadsTheModelUncompiled()
    {
        // As Keras warns and skips compile_from_config: the weights load, the model is not compiled.
        var model = new Sequential([new InputLayer([Features]), new Dense(1)]);
        model.Compile("adam", new HalfSquares());
        (Tensor x, Tensor y) = Data();
        model.Fit(x, y, epochs: 1, verbose: 0);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Null(loaded.Optimizer);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
    }

    [Fact]
    public void AnOptimizerStateThatDoesNotFitIsNamed()
    {
        using var folder = new Datasets.TempDirectory();
        var model = new Sequential([new InputLayer([Features]), new Dense(1)]);
        model.Compile("adam", "mse");
        (Tensor x, Tensor y) = Data();
        model.Fit(x, y, epochs: 1, verbose: 0);
        string path = Path.Combine(folder.Path, "short.zip");
        (string Name, Tensor Value)[] state = model.Optimizer!.Variables.Select(v => (v.Name, (Tensor)v.Value)).ToArray();
        Strata.Saving.ModelArchive.Write(path, ModelConfig.ToJson(model), model.Weights.Select(w => (w.Name, (Tensor)w.Value)).ToArray(), state[..^1]);
        var e = Assert.Throws<InvalidDataException>(() => Model.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"holds {state.Length - 1} optimizer variables", e.Message);
    }

    [Fact]
    public void ACheckpointResumesTraining()
    {
        // ModelCheckpoint saves whole models: the best epoch's file resumes with its optimizer state.
        using var folder = new Datasets.TempDirectory();
        (Tensor x, Tensor y) = Data();
        string path = Path.Combine(folder.Path, "best.zip");
        Strata.Random.SetSeed(9);
        Model model = Build("adam");
        model.Fit(x, y, epochs: 2, batchSize: BatchSize, verbose: 0, callbacks: [new ModelCheckpoint(path)]);
        Model resumed = Model.Load(path);
        Assert.Equal(2L * Samples / BatchSize, resumed.Optimizer!.Iterations);
        Assert.Equal(Flat(model.Optimizer!.Variables.Select(v => v.Value)), Flat(resumed.Optimizer.Variables.Select(v => v.Value)));
    }

    private static (Model Model, History History) Train(string optimizer, Tensor x, Tensor y, int epochs, string? savePath)
    {
        Strata.Random.SetSeed(7);
        Model model = Build(optimizer);
        History history = model.Fit(x, y, epochs: epochs, batchSize: BatchSize, verbose: 0);
        if (savePath is not null) model.Save(savePath);
        return (model, history);
    }

    /// <summary>Dense, unseeded Dropout (the global generator) and Dense: shuffling and dropout both draw as training goes on.</summary>
    private static Model Build(string optimizer)
    {
        var model = new Sequential([new InputLayer([Features]), new Dense(12, activation: "relu"), new Dropout(0.25f), new Dense(1, activation: "sigmoid")]);
        model.Compile(MakeOptimizer(optimizer), "binary_crossentropy", ["accuracy"]);
        return model;
    }

    private static (Tensor X, Tensor Y) Data()
    {
        Tensor x = Tensor.Uniform([Samples, Features], -1f, 1f, seed: 11);
        float[] v = x.ToArray<float>();
        float[] labels = Enumerable.Range(0, Samples).Select(i => v[i * Features] + v[(i * Features) + 1] > 0 ? 1f : 0f).ToArray();
        return (x, Tensor.FromArray(labels, Samples, 1));
    }

    private static float[] Flat(IEnumerable<Tensor> tensors) => tensors.SelectMany(t => t.DType == DType.Float32 ? t.ToArray<float>() : t.AsType(DType.Float32).ToArray<float>()).ToArray();

    private sealed class HalfSquares() : Loss("half_squares")
    {
        public override Tensor Compute(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(yPred - yTrue), -1) * 0.5f;
    }
}
