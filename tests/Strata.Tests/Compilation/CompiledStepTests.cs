using Strata.Initializers;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;
using Strata.Regularizers;

namespace Strata.Tests.Compilation;

/// <summary>
/// The compiled step against the eager one, which is the reference (its every gradient passes a
/// finite-difference check): the same model, data and seed trained both ways must give the same
/// losses, metrics and weights. Each case trains 10 steps: two traced, eight replayed.
/// </summary>
public class CompiledStepTests
{
    public static TheoryData<string> Cases => [.. Networks.Keys];

    private sealed record Setup(Model Model, Tensor[] X, Tensor[] Y, Action<Model> Compile, Tensor? SampleWeight = null,
        IReadOnlyDictionary<int, float>? ClassWeight = null);

    private static readonly Dictionary<string, Func<Setup>> Networks = new()
    {
        ["L2 kernel penalty, rmsprop, categorical crossentropy, accuracy"] = () => Dense(
            [new Dense(16, activation: "relu", kernelRegularizer: new L2(1e-2f)), new Dense(5, activation: "softmax")],
            OneHot(160, 5), m => m.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"])),
        ["L1 and L1L2 penalties, adam, sparse crossentropy"] = () => Dense(
            [new Dense(16, activation: "tanh", kernelRegularizer: new L1(1e-3f), biasRegularizer: new L1L2(1e-3f, 1e-3f)), new Dense(4, activation: "softmax")],
            Labels(160, 4), m => m.Compile(optimizer: new Adam(), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])),
        ["binary crossentropy, sgd nesterov with clipNorm, precision and recall"] = () => Dense(
            [new Dense(8, activation: "relu"), new Dense(1, activation: "sigmoid")],
            Labels(160, 2).AsType(DType.Float32), m => m.Compile(optimizer: new SGD(learningRate: 0.05f, momentum: 0.9f, nesterov: true, clipNorm: 0.5f),
                loss: "binary_crossentropy", metrics: [new Precision(), new Recall()])),
        ["mse with mae, adamw (weight decay)"] = () => Dense(
            [new Dense(16, activation: "relu"), new Dense(1)],
            Tensor.Uniform([160], seed: 5), m => m.Compile(optimizer: new AdamW(learningRate: 0.01f), loss: "mse", metrics: ["mae"])),
        ["mae loss, adagrad, clipValue"] = () => Dense(
            [new Dense(12, activation: "sigmoid"), new Dense(3)],
            Tensor.Uniform([160, 3], seed: 6), m => m.Compile(optimizer: new Adagrad(learningRate: 0.1f, clipValue: 0.01f), loss: "mae", metrics: ["mse"])),
        ["huber, adam with globalClipNorm and a decay schedule"] = () => Dense(
            [new Dense(12, activation: "relu"), new Dense(2)],
            Tensor.Uniform([160, 2], seed: 7), m => m.Compile(optimizer: new Adam(learningRate: new ExponentialDecay(0.01f, 3, 0.5f), globalClipNorm: 0.1f),
                loss: new Huber(), metrics: ["mae"])),
        ["crossentropy from logits with label smoothing"] = () => Dense(
            [new Dense(8, activation: "tanh"), new Dense(5)],
            OneHot(160, 5), m => m.Compile(optimizer: "rmsprop", loss: new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1f),
                metrics: ["categorical_accuracy"])),
        ["seeded dropout between dense layers"] = () => Dense(
            [new Dense(32, activation: "relu"), new Dropout(0.4f, seed: 3), new Dense(4, activation: "softmax")],
            Labels(160, 4), m => m.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])),
        ["sample weights"] = () => Dense(
            [new Dense(16, activation: "relu"), new Dense(3, activation: "softmax")],
            Labels(160, 3), m => m.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]))
            with
        { SampleWeight = Tensor.Uniform([160], 0.5f, 2f, seed: 11) },
        ["class weights"] = () => Dense(
            [new Dense(16, activation: "relu"), new Dense(3, activation: "softmax")],
            Labels(160, 3), m => m.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]))
            with
        { ClassWeight = new Dictionary<int, float> { [0] = 1f, [1] = 3f, [2] = 0.5f } },
        ["residual Add (functional)"] = Residual,
        ["two inputs, two outputs, loss weights"] = TwoInTwoOut,
        ["a frozen layer"] = () =>
        {
            Setup s = Dense([new Dense(16, activation: "relu", name: "frozen"), new Dense(4, activation: "softmax")],
                Labels(160, 4), m => m.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy"));
            s.Model.Build(-1, 10);
            s.Model.GetLayer("frozen").Trainable = false;
            return s;
        },
        ["a custom layer written with ops"] = () => Dense(
            [new Dense(8), new ScaledTanh(), new Dense(2, activation: "softmax")],
            OneHot(160, 2), m => m.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"])),
        ["shared layer applied twice"] = Shared,
        ["embedding, SimpleRNN, GRU backwards, LayerNormalization, bidirectional LSTM, LSTM"] = Recurrent,
        ["self-attention block with a residual, LayerNormalization, TimeDistributed"] = Attention,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledFitMatchesTheEagerFit(string name)
    {
        (History compiled, float[][] compiledWeights, Model model) = Train(name, compile: true);
        (History eager, float[][] eagerWeights, _) = Train(name, compile: false);

        Assert.Empty(model.TrainStepFunction!.EagerReasons);
        Assert.NotEmpty(model.TrainStepFunction.Executables);
        foreach ((string key, IReadOnlyList<double> values) in eager.Values)
        {
            for (int e = 0; e < values.Count; e++) Assert.Equal(values[e], compiled[key][e], 1e-6 * Math.Max(1, Math.Abs(values[e])));
        }
        for (int i = 0; i < eagerWeights.Length; i++)
        {
            for (int j = 0; j < eagerWeights[i].Length; j++) Assert.Equal(eagerWeights[i][j], compiledWeights[i][j], 1e-6f);
        }
    }

    private static (History History, float[][] Weights, Model Model) Train(string name, bool compile)
    {
        Strata.Random.SetSeed(7);
        Setup s = Networks[name]();
        s.Model.CompilationEnabled = compile;
        s.Compile(s.Model);
        History history = s.Model.Fit(s.X, s.Y, epochs: 2, batchSize: 32, shuffle: false, verbose: 0,
            sampleWeight: s.SampleWeight, classWeight: s.ClassWeight);
        return (history, s.Model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), s.Model);
    }

    private static Setup Dense(Layer[] layers, Tensor y, Action<Model> compile) =>
        new(new Sequential(layers), [Tensor.Uniform([160, 10], -1f, 1f, seed: 1)], [y], compile);

    private static Setup Residual()
    {
        var input = new Input(shape: [10]);
        SymbolicTensor h = new Dense(16, activation: "relu").Call(input);
        SymbolicTensor r = new Dense(16, activation: "relu").Call(h);
        SymbolicTensor sum = new Add().Call([h, r]);
        SymbolicTensor output = new Dense(3, activation: "softmax").Call(sum);
        return new(new Model(input, output), [Tensor.Uniform([160, 10], -1f, 1f, seed: 1)], [Labels(160, 3)],
            m => m.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]));
    }

    private static Setup Recurrent()
    {
        var input = new Input(shape: [7], dtype: DType.Int64);
        SymbolicTensor h = new Embedding(20, 6).Call(input);
        h = new SimpleRNN(5, returnSequences: true).Call(h);
        h = new GRU(4, returnSequences: true, goBackwards: true).Call(h);
        h = new LayerNormalization().Call(h);
        h = new Bidirectional(new LSTM(4, returnSequences: true)).Call(h);
        SymbolicTensor output = new Dense(3, activation: "softmax").Call(new LSTM(4).Call(h));
        Tensor tokens = Tensor.Uniform([160, 7], 0f, 19.99f, seed: 12).AsType(DType.Int64);
        return new(new Model(input, output), [tokens], [Labels(160, 3)],
            m => m.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]));
    }

    private static Setup Attention()
    {
        var input = new Input(shape: [6, 8]);
        SymbolicTensor attended = new MultiHeadAttention(numHeads: 2, keyDim: 4).Call([input, input]);
        SymbolicTensor h = new LayerNormalization().Call(new Add().Call([input, attended]));
        h = new TimeDistributed(new Dense(5, activation: "relu")).Call(h);
        SymbolicTensor output = new Dense(3, activation: "softmax").Call(new GlobalAveragePooling1D().Call(h));
        return new(new Model(input, output), [Tensor.Uniform([160, 6, 8], -1f, 1f, seed: 13)], [Labels(160, 3)],
            m => m.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]));
    }

    private static Setup TwoInTwoOut()
    {
        var a = new Input(shape: [6], name: "a");
        var b = new Input(shape: [4], name: "b");
        SymbolicTensor joined = new Concatenate().Call([new Dense(8, activation: "relu").Call(a), new Dense(8, activation: "relu").Call(b)]);
        SymbolicTensor classes = new Dense(3, activation: "softmax", name: "classes").Call(joined);
        SymbolicTensor value = new Dense(1, name: "value").Call(joined);
        var model = new Model([a, b], [classes, value]);
        return new(model, [Tensor.Uniform([160, 6], seed: 1), Tensor.Uniform([160, 4], seed: 2)], [Labels(160, 3), Tensor.Uniform([160, 1], seed: 3)],
            m => m.Compile(optimizer: "adam", losses: ["sparse_categorical_crossentropy", "mse"], lossWeights: [1f, 0.5f], metrics: ["accuracy"]));
    }

    private static Setup Shared()
    {
        var input = new Input(shape: [10]);
        var shared = new Dense(10, activation: "tanh");
        SymbolicTensor twice = shared.Call(shared.Call(input));
        SymbolicTensor output = new Dense(2, activation: "softmax").Call(twice);
        return new(new Model(input, output), [Tensor.Uniform([160, 10], -1f, 1f, seed: 1)], [OneHot(160, 2)],
            m => m.Compile(optimizer: "sgd", loss: "categorical_crossentropy"));
    }

    /// <summary>A user's layer written with ops only: tanh(x) scaled by a trainable factor per feature.</summary>
    private sealed class ScaledTanh : Layer
    {
        private Variable? _scale;

        protected override void Build(int[] inputShape) =>
            _scale = AddWeight("scale", [inputShape[^1]], new Constant(0.5f));

        protected override Tensor Call(Tensor inputs, bool training) => Ops.Tanh(inputs) * _scale!;
    }

    internal static Tensor Labels(int n, int classes) =>
        Tensor.FromArray(Enumerable.Range(0, n).Select(i => (long)((i * 7 + i / 3) % classes)).ToArray(), n);

    internal static Tensor OneHot(int n, int classes) => Utils.ToCategorical(Labels(n, classes), classes);
}
