using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Strata.Layers;
using Strata.Tests.Datasets;

namespace Strata.Tests.Saving;

/// <summary><c>model.Export("m.onnx")</c>: the file runs in ONNX Runtime and gives Predict's outputs within 1e-5, for any batch size.</summary>
public class OnnxExportTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Models() => ["mlp", "convnet", "pooling", "functional", "separable", "sequence", "attention", "recurrent", "upsampling", "transpose", "augmentation", "steps"];

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportedModelsRunInOnnxRuntimeAsPredictDoes(string kind)
    {
        (Model model, int[] sample) = Make(kind);
        string path = Path.Combine(_folder.Path, kind + ".onnx");
        model.Export(path);
        using var session = new InferenceSession(path);
        foreach (int batch in new[] { 1, 3 })
        {
            Tensor x = Tensor.Uniform([batch, .. sample], -1f, 1f, seed: batch);
            float[] expected = model.Predict(x, verbose: 0).ToArray<float>();
            string input = session.InputMetadata.Keys.Single();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(x.ToArray<float>(), [batch, .. sample]))]);
            float[] actual = results.Single().AsEnumerable<float>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{kind}, batch {batch}, value {i}: Predict {expected[i]}, ONNX Runtime {actual[i]}");
        }
    }

    [Fact]
    public void AnEmbeddingModelTakesTokenIndices()
    {
        // The book's first text model: Embedding, average over the steps, Dense; int64 token indices in.
        Strata.Random.SetSeed(3);
        var tokens = new Input(shape: [6], dtype: DType.Int64);
        SymbolicTensor pooled = new GlobalAveragePooling1D().Call(new Embedding(30, 8).Call(tokens));
        var model = new Model(tokens, new Dense(1, activation: "sigmoid").Call(new Dense(4, activation: "relu").Call(pooled)));
        string path = Path.Combine(_folder.Path, "embedding.onnx");
        model.Export(path);
        using var session = new InferenceSession(path);
        long[] ids = Enumerable.Range(0, 12).Select(i => (long)(i * 7 % 30)).ToArray();
        float[] expected = model.Predict(Tensor.FromArray(ids, 2, 6), verbose: 0).ToArray<float>();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(tokens.Name, new DenseTensor<long>(ids, [2, 6]))]);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"value {i}: Predict {expected[i]}, ONNX Runtime {actual[i]}");
    }

    [Fact]
    public void AMaskedAverageOfEmbeddingsExports()
    {
        // Embedding(maskZero) → GlobalAveragePooling1D averages the tokens only: the mask's comparison and select export too.
        Strata.Random.SetSeed(4);
        var tokens = new Input(shape: [6], dtype: DType.Int64);
        var model = new Model(tokens, new Dense(1).Call(new GlobalAveragePooling1D().Call(new Embedding(20, 5, maskZero: true).Call(tokens))));
        string path = Path.Combine(_folder.Path, "masked.onnx");
        model.Export(path);
        using var session = new InferenceSession(path);
        long[] ids = [3, 7, 0, 0, 0, 0, 1, 2, 3, 4, 5, 0];
        float[] expected = model.Predict(Tensor.FromArray(ids, 2, 6), verbose: 0).ToArray<float>();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(tokens.Name, new DenseTensor<long>(ids, [2, 6]))]);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"value {i}: Predict {expected[i]}, ONNX Runtime {actual[i]}");
    }

    [Fact]
    public void MaskedRecurrenceExportsAsAScanOverTheSteps()
    {
        // Chapter 11's Embedding(maskZero) before recurrent layers, every form masked: a skipped step keeps the states.
        // Padding before, after and inside the sequences; an LSTM's final states (returnState); Keras's hard_sigmoid.
        Strata.Random.SetSeed(6);
        var tokens = new Input(shape: [7], dtype: DType.Int64);
        SymbolicTensor embedded = new Embedding(12, 5, maskZero: true).Call(tokens);
        SymbolicTensor h = new Bidirectional(new LSTM(4, returnSequences: true, recurrentActivation: "hard_sigmoid")).Call(embedded);
        h = new SimpleRNN(3, returnSequences: true, goBackwards: true).Call(new GRU(3, returnSequences: true, resetAfter: false).Call(h));
        SymbolicTensor[] lstm = new LSTM(2, returnState: true, activation: "softsign").CallOutputs(h);
        var last = new GRU(2, goBackwards: true).Call(h);
        var model = new Model(tokens, new Dense(1).Call(new Concatenate().Call([lstm[0], lstm[2], last])));
        foreach (Variable bias in model.Weights.Where(w => w.Name.EndsWith("bias", StringComparison.Ordinal))) bias.Assign(Tensor.Uniform(bias.Shape.ToArray(), -0.5f, 0.5f, seed: 9));
        string path = Path.Combine(_folder.Path, "masked-recurrence.onnx");
        model.Export(path);
        using var session = new InferenceSession(path);
        long[] ids = [0, 0, 3, 7, 1, 2, 5, 4, 9, 0, 0, 0, 0, 0, 6, 0, 11, 0, 8, 2, 0, 1, 2, 3, 4, 5, 6, 7];
        float[] expected = model.Predict(Tensor.FromArray(ids, 4, 7), verbose: 0).ToArray<float>();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(tokens.Name, new DenseTensor<long>(ids, [4, 7]))]);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"value {i}: Predict {expected[i]}, ONNX Runtime {actual[i]}");
    }

    [Fact]
    public void AnExportIsWholeOrAbsentAndIsNotLoadedAsAModel()
    {
        // The exported file parses as ONNX whole; a truncated copy is refused by ONNX Runtime, and Model.Load says what
        // an .onnx file is for rather than reading it as something else.
        (Model model, _) = Make("mlp");
        string path = Path.Combine(_folder.Path, "whole.onnx"), cut = Path.Combine(_folder.Path, "cut.onnx");
        model.Export(path);
        Assert.Equal(model.Layers.Count(l => l.Weights.Count > 0) * 2, Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.Count(i => i.Name.Contains('/')));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.ThrowsAny<OnnxRuntimeException>(() => new InferenceSession(cut));
        var e = Assert.Throws<NotSupportedException>(() => Model.Load(path));
        Assert.Contains("whole.onnx", e.Message);
        Assert.Contains("ONNX Runtime", e.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*tmp*"));
    }

    [Fact]
    public void AnOpWithoutAnOnnxFormIsNamed()
    {
        var input = new Input(shape: [6]);
        var model = new Model(input, new ArgMaxLayer(name: "pick").Call(new Dense(3).Call(input)));
        var e = Assert.Throws<NotSupportedException>(() => model.Export(Path.Combine(_folder.Path, "argmax.onnx")));
        Assert.Contains("'pick'", e.Message);
        Assert.Contains("no ONNX form", e.Message);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "argmax.onnx")));
    }

    /// <summary>The book's TransformerDecoder's first step: self-attention that sees no future step.</summary>
    private sealed class CausalSelfAttention : Layer
    {
        private readonly MultiHeadAttention _attention;

        public CausalSelfAttention() => _attention = AddLayer(new MultiHeadAttention(2, 3));

        protected override Tensor Call(Tensor inputs) => _attention.Call(inputs, inputs, useCausalMask: true);
    }

    private sealed class ArgMaxLayer(string name) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs) => Ops.Cast(Ops.ArgMax(inputs, axis: -1), DType.Float32);
    }

    private static (Model Model, int[] Sample) Make(string kind)
    {
        Strata.Random.SetSeed(2);
        switch (kind)
        {
            case "mlp":
                return (new Sequential([new InputLayer([10]), new Dense(16, activation: "relu"), new Dropout(0.5f), new Dense(8, activation: "tanh"), new Dense(3, activation: "softmax")]), [10]);
            case "convnet":
                var model = new Sequential([new InputLayer([12, 12, 3]), new Conv2D(4, 3, activation: "relu"), new BatchNormalization(), new MaxPooling2D(2),
                    new Conv2D(6, 3, strides: 2, padding: "same", activation: "sigmoid"), new Flatten(), new Dense(2)]);
                foreach (Variable w in model.Layers.OfType<BatchNormalization>().Single().NonTrainableWeights) w.Assign(Tensor.Uniform(w.Shape.ToArray(), 0.5f, 1.5f, seed: 3));
                return (model, [12, 12, 3]);
            case "pooling":
                return (new Sequential([new InputLayer([9, 9, 2]), new AveragePooling2D(2, padding: "same"), new Conv2D(3, 2, dilationRate: 2), new GlobalAveragePooling2D(), new Dense(1, activation: "sigmoid")]), [9, 9, 2]);
            case "separable":
                return (new Sequential([new InputLayer([10, 10, 3]), new Rescaling(1f / 2, offset: 0.25f), new DepthwiseConv2D(3, padding: "same", depthMultiplier: 2),
                    new SeparableConv2D(4, 3, strides: 2, activation: "relu"), new GlobalMaxPooling2D()]), [10, 10, 3]);
            case "sequence":
                return (new Sequential([new InputLayer([12, 4]), new Conv1D(6, 3, padding: "same", activation: "relu"), new MaxPooling1D(2), new LayerNormalization(),
                    new Conv1D(3, 2, dilationRate: 2), new GlobalAveragePooling1D()]), [12, 4]);
            case "recurrent":
                // Every recurrent form: LSTM both ways (Bidirectional), GRU reset-before, SimpleRNN backwards, GRU reset-after.
                var steps = new Input(shape: [7, 5]);
                SymbolicTensor h = new Bidirectional(new LSTM(4, returnSequences: true)).Call(steps);
                h = new SimpleRNN(3, returnSequences: true, goBackwards: true).Call(new GRU(3, returnSequences: true, resetAfter: false).Call(h));
                var recurrent = new Model(steps, new Dense(1).Call(new GRU(2).Call(h)));
                foreach (Variable bias in recurrent.Weights.Where(w => w.Name.EndsWith("bias", StringComparison.Ordinal))) bias.Assign(Tensor.Uniform(bias.Shape.ToArray(), -0.5f, 0.5f, seed: 8));
                return (recurrent, [7, 5]);
            case "transpose":
                // Chapter 9's segmentation decoder: transposed convolutions, valid and same, and a stride wider than the kernel (gaps).
                return (new Sequential([new InputLayer([5, 5, 2]), new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu"),
                    new Conv2DTranspose(3, 3, strides: 2, padding: "same", activation: "relu"), new Conv2DTranspose(2, 3, strides: 2),
                    new Conv2DTranspose(2, 2, strides: 3, padding: "same"), new Conv2DTranspose(1, 4, padding: "same")]), [5, 5, 2]);
            case "augmentation":
                // Chapter 8's augmentation stage (the identity in inference), resizing, cropping, spatial dropout, every activation.
                return (new Sequential([new InputLayer([9, 9, 3]), new RandomFlip(), new RandomRotation(0.1), new RandomZoom(0.2), new RandomTranslation(0.1, 0.1),
                    new RandomContrast(0.3), new Resizing(7, 7), new CenterCrop(5, 6), new Resizing(8, 11, interpolation: "nearest", cropToAspectRatio: true), new Conv2D(4, 3, activation: "softplus"), new SpatialDropout2D(0.3),
                    new Activation("exponential"), new Flatten(), new Dense(6, activation: "log_softmax"), new Dense(3, activation: "softmax")]), [9, 9, 3]);
            case "steps":
                // Per-step layers: Masking before a masked average, TimeDistributed, Reshape, 1-D average pooling, causal attention.
                var series = new Input(shape: [8, 4]);
                SymbolicTensor perStep = new TimeDistributed(new Dense(6, activation: "tanh")).Call(series);
                SymbolicTensor pooled = new Reshape([2, 12]).Call(new AveragePooling1D(2).Call(perStep));
                SymbolicTensor causal = new CausalSelfAttention().Call(pooled);
                SymbolicTensor masked = new GlobalAveragePooling1D().Call(new Masking(0.5).Call(series));
                return (new Model(series, new Concatenate().Call([new GlobalMaxPooling1D().Call(causal), masked])), [8, 4]);
            case "upsampling":
                return (new Sequential([new InputLayer([4, 4, 2]), new UpSampling2D(2), new ZeroPadding2D(1), new Conv2D(3, 3, activation: "relu"), new Cropping2D(1), new Flatten(), new Dense(2)]), [4, 4, 2]);
            case "attention":
                // The book's Transformer block, without the embedding: attention, residual, normalization, dense projection.
                var sequence = new Input(shape: [6, 8]);
                SymbolicTensor attended = new LayerNormalization().Call(new Add().Call([sequence, new MultiHeadAttention(2, 4).Call([sequence, sequence])]));
                SymbolicTensor projected = new LayerNormalization().Call(new Add().Call([attended, new Dense(8).Call(new Dense(16, activation: "relu").Call(attended))]));
                return (new Model(sequence, new Dense(2).Call(new GlobalMaxPooling1D().Call(projected))), [6, 8]);
            default:
                var input = new Input(shape: [5]);
                SymbolicTensor a = new Dense(4, activation: "relu").Call(input), b = new Dense(4).Call(input);
                return (new Model(input, new Dense(2).Call(new Concatenate(-1).Call([new Add().Call([a, b]), b]))), [5]);
        }
    }
}
