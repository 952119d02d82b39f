using Strata.Layers;
using Strata.Optimizers;
using Strata.Tests.Datasets;

namespace Strata.Tests.Text;

/// <summary>
/// TextVectorization as a layer of a model on string input (the book's end-to-end inference model): the same
/// outputs as vectorizing outside the model, compiled as eagerly, trained, saved and loaded.
/// </summary>
public class TextVectorizationInModelTests
{
    private static readonly string[] Corpus =
    [
        "The movie was great, great fun!", "A dull, boring film.", "Great acting; a great story.", "Boring. Too long and dull.",
        "I loved it, great", "I hated it, dull", "fun fun fun", "long and boring", "what a great movie", "a dull story",
    ];

    private static readonly float[] Labels = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];

    [Fact]
    public void SymbolicCallsHaveKerasShapesAndDTypes()
    {
        var text = new Input(shape: [1], dtype: DType.String);
        Assert.Equal(DType.String, text.DType);
        var fixedLength = new TextVectorization(outputSequenceLength: 6).Call(text);
        Assert.Equal([null, 6], fixedLength.Shape);
        Assert.Equal(DType.Int64, fixedLength.DType);
        var longest = new TextVectorization().Call(text);
        Assert.Equal([null, null], longest.Shape);
        var hot = new TextVectorization(maxTokens: 8, outputMode: "multi_hot");
        hot.Adapt(Corpus);
        SymbolicTensor vectors = hot.Call(new Input(shape: [], dtype: DType.String));
        Assert.Equal([null, 8], vectors.Shape);
        Assert.Equal(DType.Float32, vectors.DType);
        // An Embedding after it probes and builds as on an int input.
        Assert.Equal([null, 6, 3], new Embedding(10, 3).Call(fixedLength).Shape);
    }

    [Fact]
    public void NumbersAreNotTexts()
    {
        var e = Assert.Throws<ArgumentException>(() => new TextVectorization(name: "words").Call(new Input(shape: [3])));
        Assert.Contains("words", e.Message);
        Assert.Contains("(None, 3) float32", e.Message);
        Assert.Contains("DType.String", e.Message);
        var eager = Assert.Throws<ArgumentException>(() => new TextVectorization(name: "words").Call(Tensor.Zeros(2, 1)));
        Assert.Contains("words", eager.Message);
        Assert.Contains("(2, 1) float32", eager.Message);
        Model model = EndToEnd(new TextVectorization(maxTokens: 12, outputMode: "multi_hot"), adapt: true).Inference;
        var predict = Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Zeros(2, 1), verbose: 0));
        Assert.Contains("expects string values, got a float32 tensor", predict.Message);
    }

    [Fact]
    public void AStringTensorAndADatasetAdaptAsStringArraysDo()
    {
        var fromArray = new TextVectorization(maxTokens: 9, ngrams: 2);
        fromArray.Adapt(Corpus);
        var fromTensor = new TextVectorization(maxTokens: 9, ngrams: 2);
        fromTensor.Adapt(Tensor.FromArray(Corpus, Corpus.Length, 1));
        var fromDataset = new TextVectorization(maxTokens: 9, ngrams: 2);
        fromDataset.Adapt(Dataset.FromTensors(Tensor.FromArray(Corpus)).Batch(3));
        Assert.Equal(fromArray.GetVocabulary(), fromTensor.GetVocabulary());
        Assert.Equal(fromArray.GetVocabulary(), fromDataset.GetVocabulary());
        Assert.Equal(fromArray.Call(Corpus).ToArray<long>(), fromTensor.Call(Tensor.FromArray(Corpus, Corpus.Length, 1)).ToArray<long>());
    }

    [Theory]
    [InlineData("multi_hot", null)]
    [InlineData("tf_idf", null)]
    [InlineData("count", null)]
    [InlineData("int", 5)]
    public void TheInferenceModelOnRawTextEqualsTheModelOnVectors(string mode, int? length)
    {
        var vectorize = new TextVectorization(maxTokens: 12, outputMode: mode, outputSequenceLength: length);
        (Model vectorModel, Model inference) = EndToEnd(vectorize, adapt: true);
        Tensor texts = Tensor.FromArray(Corpus, Corpus.Length, 1);
        float[] expected = vectorModel.Predict(vectorize.Call(Corpus), batchSize: 4, verbose: 0).ToArray<float>();
        // Predict runs the compiled pass, the vectorizer inside it as one op: the same batches give the same numbers.
        Assert.Equal(expected, inference.Predict(texts, batchSize: 4, verbose: 0).ToArray<float>());
        Assert.Equal(expected, inference.Predict(texts, batchSize: 4, verbose: 0).ToArray<float>()); // replayed
        Assert.Contains("TextVectorization", inference.PredictFunction);
        Assert.Empty(inference.PredictStepFunction!.EagerReasons);
        // Call runs the layers eagerly, on other batches: equal within float rounding.
        float[] eager = inference.Call(texts).ToArray<float>();
        float[] single = inference.Predict(Tensor.FromArray([Corpus[0]], 1, 1), verbose: 0).ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], eager[i], 1e-6f);
        Assert.Equal(expected[0], single[0], 1e-6f);
    }

    [Fact]
    public void TextsAsLongAsTheLongestRunEagerlyAndAgree()
    {
        Strata.Random.SetSeed(3);
        var vectorize = new TextVectorization(maxTokens: 20);
        vectorize.Adapt(Corpus);
        var tokens = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor pooled = new GlobalAveragePooling1D().Call(new Embedding(20, 4, maskZero: true).Call(tokens));
        var tokenModel = new Model(tokens, new Dense(1).Call(pooled));
        var text = new Input(shape: [1], dtype: DType.String);
        var inference = new Model(text, tokenModel.Call(vectorize.Call(text)));
        Tensor texts = Tensor.FromArray(Corpus, Corpus.Length, 1);
        float[] expected = tokenModel.Predict(vectorize.Call(Corpus), verbose: 0).ToArray<float>();
        // Each batch's length is its longest text's: the shape depends on the texts, so the pass stays eager, with the reason given.
        float[] actual = inference.Predict(texts, batchSize: 10, verbose: 0).ToArray<float>();
        float[] again = inference.Predict(texts, batchSize: 10, verbose: 0).ToArray<float>();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6f);
            Assert.Equal(expected[i], again[i], 1e-6f);
        }
        Assert.Contains(vectorize.Name, Assert.Single(inference.PredictStepFunction!.EagerReasons));
    }

    [Fact]
    public void TrainingOnRawTextEqualsTrainingOnVectors()
    {
        // Fit shuffles string rows as it shuffles numbers: the same seed gives the same batches and the same weights.
        var vectorize = new TextVectorization(maxTokens: 12, outputMode: "tf_idf");
        (Model vectorModel, Model inference) = EndToEnd(vectorize, adapt: true);
        Tensor[] initial = vectorModel.GetWeights();
        Tensor labels = Tensor.FromArray(Labels, Labels.Length, 1);

        inference.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
        Strata.Random.SetSeed(11);
        History fromText = inference.Fit(Tensor.FromArray(Corpus, Corpus.Length, 1), labels, epochs: 3, batchSize: 4, verbose: 0);
        Assert.Empty(inference.TrainStepFunction!.EagerReasons);
        float[] textWeights = vectorModel.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray();

        vectorModel.SetWeights(initial);
        vectorModel.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
        Strata.Random.SetSeed(11);
        History fromVectors = vectorModel.Fit(vectorize.Call(Corpus), labels, epochs: 3, batchSize: 4, verbose: 0);

        Assert.Equal(fromVectors["loss"], fromText["loss"]);
        Assert.Equal(vectorModel.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray(), textWeights);
        Assert.NotEqual(initial.SelectMany(w => w.ToArray<float>()), textWeights);
    }

    [Fact]
    public void ADatasetOfReviewFoldersTrainsTheModelOnText()
    {
        using var root = new TempDirectory();
        for (int i = 0; i < Corpus.Length; i++)
        {
            string folder = Path.Combine(root.Path, Labels[i] == 1 ? "pos" : "neg");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{i}.txt"), Corpus[i]);
        }
        var reviews = Utils.TextDatasetFromDirectory(root.Path, labelMode: "binary", batchSize: 4, seed: 1, verbose: false);
        var vectorize = new TextVectorization(maxTokens: 12, outputMode: "multi_hot");
        vectorize.Adapt(reviews.Map(b => b.X));
        Assert.Equal(vectorize.GetVocabulary(), Adapted(Corpus).GetVocabulary());
        Model model = EndToEnd(vectorize, adapt: false).Inference;
        model.Compile(optimizer: new RMSprop(learningRate: 0.01f), loss: "binary_crossentropy", metrics: ["accuracy"]);
        History history = model.Fit(reviews, epochs: 30, verbose: 0);
        Assert.Empty(model.TrainStepFunction!.EagerReasons);
        // Ten texts a linear model separates: it fits them all.
        Assert.Equal(1.0, history["accuracy"][^1]);
        Assert.True(history["loss"][^1] < history["loss"][0]);
    }

    [Fact]
    public void SavedAndLoadedWithItsVocabularyAndWeights()
    {
        using var folder = new TempDirectory();
        foreach ((string mode, int? length) in new[] { ("tf_idf", (int?)null), ("int", (int?)7) })
        {
            var vectorize = new TextVectorization(maxTokens: 12, ngrams: 2, outputMode: mode, outputSequenceLength: length);
            Model inference = EndToEnd(vectorize, adapt: true).Inference;
            string path = Path.Combine(folder.Path, $"{mode}.zip");
            inference.Save(path);
            Model loaded = Model.Load(path);
            var layer = Assert.IsType<TextVectorization>(loaded.Layers.Single(l => l is TextVectorization));
            Assert.Equal(vectorize.GetVocabulary(), layer.GetVocabulary());
            Assert.Equal((mode, length, 2), (layer.OutputMode, layer.OutputSequenceLength, layer.NGrams));
            Tensor texts = Tensor.FromArray(["a great dull movie", "fun and a new word"], 2, 1);
            Assert.Equal(inference.Predict(texts, verbose: 0).ToArray<float>(), loaded.Predict(texts, verbose: 0).ToArray<float>());
        }
    }

    [Fact]
    public void ASequentialStartsWithAStringInputLayer()
    {
        using var folder = new TempDirectory();
        TextVectorization vectorize = Adapted(Corpus);
        var dense = new Dense(1, activation: "sigmoid");
        var model = new Sequential([new InputLayer([1], dtype: DType.String), vectorize, dense]);
        Assert.Equal([-1, 12], vectorize.OutputDims!);
        Tensor texts = Tensor.FromArray(Corpus, Corpus.Length, 1);
        float[] expected = dense.Call(vectorize.Call(Corpus)).ToArray<float>();
        float[] predicted = model.Predict(texts, verbose: 0).ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], predicted[i], 1e-6f);
        string path = Path.Combine(folder.Path, "sequential.zip");
        model.Save(path);
        Assert.Equal(predicted, Model.Load(path).Predict(texts, verbose: 0).ToArray<float>());
        Assert.Contains("expects string values", Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Zeros(2, 1), verbose: 0)).Message);
    }

    private static TextVectorization Adapted(string[] texts)
    {
        var vectorize = new TextVectorization(maxTokens: 12, outputMode: "multi_hot");
        vectorize.Adapt(texts);
        return vectorize;
    }

    /// <summary>A small model on the vectorizer's output, and the same model behind the vectorizer on a string input.</summary>
    private static (Model VectorModel, Model Inference) EndToEnd(TextVectorization vectorize, bool adapt)
    {
        if (adapt) vectorize.Adapt(Corpus);
        Strata.Random.SetSeed(5);
        var text = new Input(shape: [1], dtype: DType.String);
        SymbolicTensor vectors = vectorize.Call(text);
        var numbers = new Input(shape: [.. vectors.Shape.Skip(1).Select(d => d ?? -1)], dtype: vectors.DType);
        SymbolicTensor x = numbers;
        if (vectors.DType == DType.Int64) x = new GlobalAveragePooling1D().Call(new Embedding(12, 4, maskZero: true).Call(x));
        x = new Dense(4, activation: "relu").Call(x);
        var vectorModel = new Model(numbers, new Dense(1, activation: "sigmoid").Call(x));
        return (vectorModel, new Model(text, vectorModel.Call(vectors)));
    }
}
