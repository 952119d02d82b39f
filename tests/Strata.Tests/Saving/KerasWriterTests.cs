using System.IO.Compression;
using System.Text.Json.Nodes;
using Strata.Layers;
using Strata.Regularizers;
using Strata.Tests.Datasets;

namespace Strata.Tests.Saving;

/// <summary>
/// <c>model.Save("m.keras")</c> writes Keras 3's format: models of every layer kind come back with bit-identical
/// predictions, the archive and its HDF5 layout are Keras's (checked with h5dump, an independent reader), and a
/// compiled model resumes from it as from Strata's own file.
/// </summary>
public class KerasWriterTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Models() => ["mlp", "convnet", "recurrent", "attention", "nested", "text"];

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryLayerKindRoundTripsBitForBit(string kind)
    {
        (Model model, Tensor x) = Make(kind);
        AssertRoundTrips(model, x, kind);
    }

    public static TheoryData<string> CatalogModels() => [.. ModelCatalog.Kinds];

    [Theory]
    [MemberData(nameof(CatalogModels))]
    public void EveryCatalogModelRoundTripsBitForBit(string kind)
    {
        // The models ONNX export is tested on, every layer kind that takes numbers: the same predictions after .keras.
        Strata.Saving.CustomObjects.Register(_ => new ModelCatalog.CausalSelfAttention());
        (Model model, int[] sample) = ModelCatalog.Make(kind);
        Tensor x = Tensor.Uniform([3, .. sample], -1f, 1f, seed: 5);
        AssertRoundTrips(model, x, kind);
    }

    /// <summary>Saved as .keras and loaded: the same layers, parameters and predictions, bit for bit.</summary>
    private void AssertRoundTrips(Model model, Tensor x, string name)
    {
        string path = Path.Combine(_folder.Path, name + ".keras");
        float[] expected = model.Predict(x, verbose: 0).ToArray<float>();
        model.Save(path);
        Model loaded = Model.Load(path);
        Assert.Equal(expected, loaded.Predict(x, verbose: 0).ToArray<float>());
        Assert.Equal(model.Layers.Select(l => l.GetType()), loaded.Layers.Select(l => l.GetType()));
        Assert.Equal(model.CountParams(), loaded.CountParams());
    }

    [Fact]
    public void TheArchiveAndItsWeightsAreLaidOutAsKerasWritesThem()
    {
        (Model model, _) = Make("mlp");
        model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"]);
        model.Fit(Tensor.Uniform([8, 6], seed: 1), Tensor.FromArray(new[] { 0, 1, 0, 1, 1, 0, 1, 0 }, 8, 1), epochs: 1, verbose: 0);
        string path = Path.Combine(_folder.Path, "layout.keras");
        model.Save(path);
        using (ZipArchive zip = ZipFile.OpenRead(path))
        {
            Assert.Equal(["metadata.json", "config.json", "model.weights.h5"], zip.Entries.Select(e => e.FullName));
            JsonNode config = JsonNode.Parse(zip.GetEntry("config.json")!.Open())!;
            Assert.Equal(("keras", "Sequential"), ((string?)config["module"], (string?)config["class_name"]));
            Assert.Equal("InputLayer", (string?)config["config"]!["layers"]![0]!["class_name"]);
            Assert.Equal("L2", (string?)config["config"]!["layers"]![1]!["config"]!["kernel_regularizer"]!["class_name"]);
            Assert.Equal("Adam", (string?)config["compile_config"]!["optimizer"]!["class_name"]);
            zip.GetEntry("model.weights.h5")!.ExtractToFile(Path.Combine(_folder.Path, "model.weights.h5"));
        }
        // h5dump lists every group and dataset with its shape: Keras 3's paths, vars numbered in the layer's order.
        string dump = H5Dump.Run("-n", Path.Combine(_folder.Path, "model.weights.h5"));
        foreach (string entry in new[] { "group      /vars", "dataset    /layers/dense/vars/0", "dataset    /layers/dense/vars/1", "group      /layers/dropout/vars",
                     "dataset    /layers/dense_1/vars/0", "dataset    /optimizer/vars/0", "dataset    /optimizer/vars/9" })
        {
            Assert.Contains(entry, dump);
        }
        Assert.DoesNotContain("/optimizer/vars/10", dump);
        string kernel = H5Dump.Run("-d", "/layers/dense/vars/0", "-H", Path.Combine(_folder.Path, "model.weights.h5"));
        Assert.Contains("DATASPACE  SIMPLE { ( 6, 8 ) / ( 6, 8 ) }", kernel);
        Assert.Contains("H5T_IEEE_F32LE", kernel);
        string step = H5Dump.Run("-d", "/optimizer/vars/0", Path.Combine(_folder.Path, "model.weights.h5"));
        Assert.Contains("DATASPACE  SCALAR", step);
        Assert.Contains("(0): 1", step); // one step of one batch
        Assert.Contains("ATTRIBUTE \"name\"", H5Dump.Run("-g", "/layers/dense/vars", "-A", Path.Combine(_folder.Path, "model.weights.h5")));
    }

    [Fact]
    public void TrainingResumesFromAKerasFileBitForBit()
    {
        (Tensor x, Tensor y) = (Tensor.Uniform([64, 6], -1f, 1f, seed: 3), Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (float)(i % 2)).ToArray(), 64, 1));
        Model Build()
        {
            Strata.Random.SetSeed(4);
            var model = new Sequential([new InputLayer([6]), new Dense(8, activation: "relu"), new Dropout(0.2f), new Dense(1, activation: "sigmoid")]);
            model.Compile(new Strata.Optimizers.Adam(learningRate: 3e-3f), "binary_crossentropy", ["accuracy"]);
            return model;
        }
        Model straight = Build();
        History all = straight.Fit(x, y, epochs: 4, batchSize: 16, verbose: 0);
        Model half = Build();
        half.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);
        string path = Path.Combine(_folder.Path, "half.keras");
        half.Save(path);
        Model resumed = Model.Load(path);
        Assert.Equal(8L, resumed.Optimizer!.Iterations);
        History rest = resumed.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);
        Assert.Equal(all["loss"].Skip(2), rest["loss"]);
        Assert.Equal(straight.GetWeights().SelectMany(w => w.ToArray<float>()), resumed.GetWeights().SelectMany(w => w.ToArray<float>()));
    }

    [Fact]
    public void WeightsFilesAreKeras3sAndLoadIntoTheSameArchitecture()
    {
        (Model model, Tensor x) = Make("convnet");
        string path = Path.Combine(_folder.Path, "convnet.weights.h5");
        model.SaveWeights(path);
        Assert.Contains("dataset    /layers/batch_normalization/vars/3", H5Dump.Run("-n", path));
        (Model fresh, _) = Make("convnet"); // the same architecture, its own initial weights
        Strata.Random.SetSeed(99);
        foreach (Variable w in fresh.Weights) w.Assign(Tensor.Normal(w.Shape.ToArray(), seed: 5));
        Assert.NotEqual(model.Predict(x, verbose: 0).ToArray<float>(), fresh.Predict(x, verbose: 0).ToArray<float>());
        fresh.LoadWeights(path);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), fresh.Predict(x, verbose: 0).ToArray<float>());
    }

    [Fact]
    public void ALegacyKerasFilesWeightsLoadIntoAModelBuiltInCSharp()
    {
        // As Keras's load_weights: layers with weights in order, whatever their names (the file's are dense_1, activation_1).
        var model = new Sequential([new InputLayer([4]), new Dense(3), new Activation("softmax")]);
        model.LoadWeights(Path.Combine(AppContext.BaseDirectory, "TestData", "Keras", "dl4j-mlp-softmax", "simple_sparse_xent_mlp_keras_2_model.h5"));
        Model keras = Model.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Keras", "dl4j-mlp-softmax", "simple_sparse_xent_mlp_keras_2_model.h5"));
        Tensor x = Tensor.Uniform([4, 4], seed: 2);
        Assert.Equal(keras.Predict(x, verbose: 0).ToArray<float>(), model.Predict(x, verbose: 0).ToArray<float>());
        var wrong = new Sequential([new InputLayer([4]), new Dense(3), new Dense(3)]);
        var e = Assert.Throws<InvalidDataException>(() => wrong.LoadWeights(Path.Combine(AppContext.BaseDirectory, "TestData", "Keras", "dl4j-mlp-softmax", "simple_sparse_xent_mlp_keras_2_model.h5")));
        Assert.Contains("holds weights for 1 layers", e.Message);
    }

    [Fact]
    public void AnAdaptedTextVectorizationsVocabularyIsReadFromKerasAssets()
    {
        // Keras 3 writes an adapted layer's vocabulary to assets/<layer path>/vocabulary.txt and its TF-IDF weights to
        // vars/idf_weights, not to its config (keras/src/layers/preprocessing/index_lookup.py): an archive laid out so.
        (Model model, Tensor x) = Make("text");
        string path = Path.Combine(_folder.Path, "text.keras");
        model.Save(path);
        var vectorize = model.Layers.OfType<TextVectorization>().Single();
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            ZipArchiveEntry entry = zip.GetEntry("config.json")!;
            JsonNode config;
            using (Stream stream = entry.Open()) config = JsonNode.Parse(stream)!;
            JsonObject layerConfig = config["config"]!["layers"]!.AsArray().Single(l => (string?)l!["class_name"] == "TextVectorization")!["config"]!.AsObject();
            layerConfig["vocabulary"] = null;
            layerConfig["idf_weights"] = null;
            entry.Delete();
            using (var writer = new StreamWriter(zip.CreateEntry("config.json").Open())) writer.Write(config.ToJsonString());
            using var asset = new StreamWriter(zip.CreateEntry("assets/layers/text_vectorization/vocabulary.txt").Open());
            asset.Write(string.Join("\n", vectorize.GetVocabulary()));
        }
        Model loaded = Model.Load(path);
        Assert.Equal(vectorize.GetVocabulary(), loaded.Layers.OfType<TextVectorization>().Single().GetVocabulary());
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update)) zip.GetEntry("assets/layers/text_vectorization/vocabulary.txt")!.Delete();
        Assert.Contains("has no vocabulary", Assert.Throws<InvalidDataException>(() => Model.Load(path)).Message);
    }

    private static (Model Model, Tensor X) Make(string kind)
    {
        Strata.Random.SetSeed(1);
        switch (kind)
        {
            case "mlp":
                return (new Sequential([new InputLayer([6]), new Dense(8, activation: "relu", kernelRegularizer: new L2(0.01f)), new Dropout(0.3f), new Dense(2, activation: "softmax")]),
                    Tensor.Uniform([5, 6], seed: 3));
            case "convnet":
                var image = new Input(shape: [8, 8, 3]);
                SymbolicTensor c = new MaxPooling2D(2).Call(new BatchNormalization().Call(new Conv2D(4, 3, activation: "relu").Call(image)));
                c = new GlobalAveragePooling2D().Call(new DepthwiseConv2D(3, padding: "same").Call(new SeparableConv2D(5, 3, padding: "same").Call(c)));
                var convnet = new Model(image, new Dense(3).Call(c));
                SetStatistics(convnet);
                return (convnet, Tensor.Uniform([2, 8, 8, 3], seed: 4));
            case "recurrent":
                var tokens = new Input(shape: [-1], dtype: DType.Int64);
                SymbolicTensor r = new Bidirectional(new LSTM(4, returnSequences: true)).Call(new Embedding(20, 6, maskZero: true).Call(tokens));
                r = new SimpleRNN(3, returnSequences: true).Call(new GRU(3, returnSequences: true, resetAfter: false).Call(r));
                return (new Model(tokens, new Dense(1, activation: "sigmoid").Call(new GRU(2).Call(r))), Tensor.FromArray(new long[] { 1, 2, 3, 0, 4, 5, 0, 0 }, 2, 4));
            case "attention":
                var query = new Input(shape: [5, 8]);
                SymbolicTensor a = new LayerNormalization().Call(new Add().Call([query, new MultiHeadAttention(2, 4).Call([query, query])]));
                return (new Model(query, new TimeDistributed(new Dense(2)).Call(new Conv1D(3, 2, padding: "same").Call(a))), Tensor.Uniform([2, 5, 8], seed: 6));
            case "nested":
                var inner = new Sequential([new InputLayer([4]), new Dense(3)]);
                var input = new Input(shape: [4]);
                return (new Model(input, new Dense(1).Call(new Concatenate(-1).Call([inner.Call(input), input]))), Tensor.Uniform([3, 4], seed: 7));
            default:
                var vectorize = new TextVectorization(maxTokens: 10, outputMode: "tf_idf", ngrams: 2);
                vectorize.Adapt(["a good film", "a bad film", "good good"]);
                var text = new Input(shape: [1], dtype: DType.String);
                return (new Model(text, new Dense(1).Call(vectorize.Call(text))), Tensor.FromArray(["a good one", "bad"], 2, 1));
        }
    }

    /// <summary>Batch normalization's moving statistics away from their initial values, so the file must carry them.</summary>
    private static void SetStatistics(Model model)
    {
        var norm = model.Layers.OfType<BatchNormalization>().Single();
        foreach (Variable w in norm.NonTrainableWeights) w.Assign(Tensor.Uniform(w.Shape.ToArray(), 0.5f, 1.5f, seed: 9));
    }
}
