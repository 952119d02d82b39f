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

    public static TheoryData<string> Models() => [.. ModelCatalog.Kinds];

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportedModelsRunInOnnxRuntimeAsPredictDoes(string kind)
    {
        (Model model, int[] sample) = ModelCatalog.Make(kind);
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
        (Model model, _) = ModelCatalog.Make("mlp");
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

    private sealed class ArgMaxLayer(string name) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs) => Ops.Cast(Ops.ArgMax(inputs, axis: -1), DType.Float32);
    }
}
