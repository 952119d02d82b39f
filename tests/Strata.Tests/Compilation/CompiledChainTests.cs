using Strata.Callbacks;
using Strata.Layers;
using Strata.Losses;
using Strata.Optimizers;

namespace Strata.Tests.Compilation;

/// <summary>
/// The book's chains of layers compiled against the eager step (whose every gradient passes a finite-difference
/// check): the same data, seed and model trained both ways must give the same losses, metrics and weights.
/// </summary>
public class CompiledChainTests
{
    public static TheoryData<string> Cases => [.. Networks.Keys];

    private static readonly Dictionary<string, Func<(Model Model, Tensor X, Tensor Y, Loss Loss, string[] Metrics)>> Networks = new()
    {
        ["mnist: relu, softmax, categorical crossentropy"] = () => (
            new Sequential([new Dense(32, activation: "relu"), new Dense(10, activation: "softmax")]),
            Tensor.Uniform([300, 20], seed: 1), OneHot(300, 10), new CategoricalCrossentropy(), ["accuracy"]),
        ["imdb: relu, relu, sigmoid, binary crossentropy"] = () => (
            new Sequential([new Dense(16, activation: "relu"), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")]),
            Tensor.Uniform([300, 40], seed: 2), Labels(300, 2).AsType(DType.Float32), new BinaryCrossentropy(), ["accuracy"]),
        ["reuters: integer labels, sparse categorical crossentropy"] = () => (
            new Sequential([new Dense(24, activation: "relu"), new Dense(6, activation: "softmax")]),
            Tensor.Uniform([300, 30], seed: 3), Labels(300, 6), new SparseCategoricalCrossentropy(), ["accuracy"]),
        ["boston: linear output, mse with mae"] = () => (
            new Sequential([new Dense(16, activation: "relu"), new Dense(1)]),
            Tensor.Uniform([300, 13], seed: 4), Tensor.Uniform([300], seed: 5), new MeanSquaredError(), ["mae", "mse"]),
        ["flatten, tanh layer, dropout, mae loss"] = () => (
            new Sequential([new Flatten(), new Dense(12), new Activation("tanh"), new Dropout(0.3f, seed: 7), new Dense(3, activation: "sigmoid")]),
            Tensor.Uniform([300, 4, 5], seed: 6), Tensor.Uniform([300, 3], seed: 8), new MeanAbsoluteError(), ["mae"]),
        ["logits and label smoothing"] = () => (
            new Sequential([new Dense(8, activation: "tanh"), new Dense(5)]),
            Tensor.Uniform([300, 6], seed: 9), OneHot(300, 5), new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1f), ["categorical_accuracy"]),
        ["binary crossentropy from logits, two columns"] = () => (
            new Sequential([new Dense(8, activation: "relu"), new Dense(2)]),
            Tensor.Uniform([300, 6], seed: 10), Labels(600, 2).AsType(DType.Float32).Reshape(300, 2),
            new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2f), ["binary_accuracy"]),
        ["functional chain, sum reduction"] = () => Functional(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledFitMatchesTheEagerFit(string name)
    {
        (History compiled, float[][] compiledWeights, bool used) = Train(name, compile: true);
        (History eager, float[][] eagerWeights, _) = Train(name, compile: false);

        Assert.True(used, "the compiled step should have been taken");
        foreach ((string key, IReadOnlyList<double> values) in eager.Values)
        {
            for (int e = 0; e < values.Count; e++) Assert.Equal(values[e], compiled[key][e], 4e-5 * Math.Max(1, Math.Abs(values[e])));
        }
        for (int i = 0; i < eagerWeights.Length; i++)
        {
            for (int j = 0; j < eagerWeights[i].Length; j++) Assert.Equal(eagerWeights[i][j], compiledWeights[i][j], 2e-5f);
        }
    }

    /// <summary>A Sequential without an input shape builds before its first step, so that step trains too (it used not to, eagerly).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheFirstStepOfAnUnbuiltModelUpdatesItsWeights(bool compile)
    {
        Strata.Random.SetSeed(42);
        Tensor x = Tensor.Uniform([128, 20], seed: 1), y = OneHot(128, 10);
        var model = new Sequential([new Dense(32, activation: "relu"), new Dense(10, activation: "softmax")]) { CompilationEnabled = compile };
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy");
        double first = model.TrainOnBatch(x, y)["loss"], second = model.TrainOnBatch(x, y)["loss"];
        Assert.True(second < first - 1e-3, $"the loss went from {first} to {second}: the first step did not train");
    }

    [Fact]
    public void CompiledPredictIsBitIdenticalToTheEagerForwardPass()
    {
        Strata.Random.SetSeed(3);
        var model = new Sequential([new Dense(64, activation: "relu"), new Dropout(0.5f), new Dense(10, activation: "softmax")]);
        Tensor x = Tensor.Uniform([77, 30], seed: 4);
        Tensor eager = model.Call(x);
        Tensor compiled = model.Predict(x, batchSize: 32, verbose: 0);
        Assert.NotEmpty(model.PredictStepFunction!.Executables);
        Assert.Equal(eager.Shape, compiled.Shape);
        Assert.Equal(eager.ToArray<float>(), compiled.ToArray<float>());
    }

    [Fact]
    public void FreezingALayerBetweenEpochsRecompilesAndLeavesItsWeightsAlone()
    {
        Strata.Random.SetSeed(5);
        var first = new Dense(8, activation: "relu");
        var model = new Sequential([first, new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy");
        Tensor x = Tensor.Uniform([64, 5], seed: 6), y = OneHot(64, 3);
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        first.Trainable = false;
        float[] frozen = first.Kernel.ToArray<float>();
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        Assert.Equal(frozen, first.Kernel.ToArray<float>());
    }

    [Fact]
    public void ALabelOutOfRangeIsReportedByTheCompiledLoss()
    {
        var model = new Sequential([new Dense(4, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        Tensor x = Tensor.Uniform([8, 3], seed: 1);
        model.Fit(x, Tensor.FromArray(new[] { 0, 1, 2, 3, 0, 1, 2, 3 }), epochs: 1, batchSize: 4, verbose: 0);
        var error = Assert.Throws<ArgumentException>(() =>
            model.Fit(x, Tensor.FromArray(new[] { 0, 1, 2, 3, 0, 9, 2, 3 }), epochs: 1, batchSize: 4, verbose: 0, shuffle: false));
        Assert.Contains("label 9 is out of range for 4 classes", error.Message);
    }

    private static (History History, float[][] Weights, bool Compiled) Train(string name, bool compile)
    {
        Strata.Random.SetSeed(11);
        (Model model, Tensor x, Tensor y, Loss loss, string[] metrics) = Networks[name]();
        model.CompilationEnabled = compile;
        model.Compile(optimizer: new RMSprop(learningRate: 0.01f), loss: loss, metrics: [.. metrics.Select(m => (MetricSpec)m)]);
        History history = model.Fit(x, y, epochs: 3, batchSize: 64, verbose: 0, validationSplit: 0.2);
        return (history, model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), model.TrainStepFunction?.Executables.Any() ?? false);
    }

    private static (Model, Tensor, Tensor, Loss, string[]) Functional()
    {
        var input = new Input(shape: [7]);
        SymbolicTensor h = new Dense(9, activation: "sigmoid").Call(input);
        SymbolicTensor output = new Dense(4, activation: "softmax").Call(h);
        return (new Model(input, output), Tensor.Uniform([300, 7], seed: 12), OneHot(300, 4),
            new CategoricalCrossentropy(reduction: "sum"), ["accuracy"]);
    }

    private static Tensor Labels(int n, int classes) => Tensor.FromArray(Enumerable.Range(0, n).Select(i => (i * 7 + (i / 3)) % classes).ToArray());

    private static Tensor OneHot(int n, int classes) => Utils.ToCategorical(Labels(n, classes), classes);
}
