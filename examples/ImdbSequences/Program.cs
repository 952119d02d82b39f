// Deep Learning with Python, chapter 11: the sequence-model approach on raw IMDB reviews. The texts are read
// from folders with Utils.TextDatasetFromDirectory and turned into sequences of 600 word indices (the 20,000
// most frequent words) by TextVectorization. Two models, each keeping its epoch of best validation loss as
// the book's ModelCheckpoint does:
//   bilstm       Embedding(20000, 256, maskZero) → Bidirectional(LSTM(32)) → Dropout(0.5) → Dense(1)
//   transformer  PositionalEmbedding → TransformerEncoder(256, 32, 2 heads) → GlobalMaxPooling1D → Dropout → Dense(1)
// Usage: dotnet run -c Release --project examples/ImdbSequences -- [bilstm|transformer|both] [--epochs N]
using System.Diagnostics;
using Strata;
using Strata.Callbacks;
using Strata.Layers;
using Strata.Plotting;

const int MaxLength = 600, MaxTokens = 20000;
string which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "both";
int? epochsArg = args.SkipWhile(a => a != "--epochs").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();
if (which is not ("bilstm" or "transformer" or "both")) throw new ArgumentException($"Expected bilstm, transformer or both; got '{which}'.");

var clock = Stopwatch.StartNew();
var (root, train, validation, test) = ReviewFolders.Load();

var vectorize = new TextVectorization(maxTokens: MaxTokens, outputMode: "int", outputSequenceLength: MaxLength);
vectorize.Adapt(train.Map(batch => batch.X));
Dataset<(Tensor X, Tensor Y)> Indices(Dataset<(Tensor X, Tensor Y)> texts) => texts.Map(b => (vectorize.Call(b.X), b.Y)).Cache();
var (trainIndices, validationIndices, testIndices) = (Indices(train), Indices(validation), Indices(test));
Console.WriteLine($"Vocabulary of {vectorize.VocabularySize()} learned ({clock.Elapsed.TotalSeconds:F1} s)");

if (which is "bilstm" or "both")
{
    var inputs = new Input(shape: [-1], dtype: DType.Int64);
    SymbolicTensor embedded = new Embedding(inputDim: MaxTokens, outputDim: 256, maskZero: true).Call(inputs);
    SymbolicTensor x = new Bidirectional(new LSTM(32)).Call(embedded);
    x = new Dropout(0.5f).Call(x);
    var model = new Model(inputs, new Dense(1, activation: "sigmoid").Call(x));
    Run("bilstm", "embeddings_bidir_lstm_with_masking.weights.h5", model, epochsArg ?? 10, "0.87-0.88");
}
if (which is "transformer" or "both")
{
    var inputs = new Input(shape: [-1], dtype: DType.Int64);
    SymbolicTensor x = new PositionalEmbedding(MaxLength, MaxTokens, 256).Call(inputs);
    x = new TransformerEncoder(embedDim: 256, denseDim: 32, numHeads: 2).Call(x);
    x = new GlobalMaxPooling1D().Call(x);
    x = new Dropout(0.5f).Call(x);
    var model = new Model(inputs, new Dense(1, activation: "sigmoid").Call(x));
    Run("transformer", "full_transformer_encoder.weights.h5", model, epochsArg ?? 20, "0.87-0.88");
}
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F0} s; plots in plots/");

void Run(string name, string file, Model model, int epochs, string book)
{
    var runClock = Stopwatch.StartNew();
    model.Summary();
    model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
    string checkpoint = Path.Combine(root, file);
    History history = model.Fit(trainIndices, epochs: epochs, validationData: validationIndices,
        callbacks: [new ModelCheckpoint(checkpoint, saveBestOnly: true, saveWeightsOnly: true)]);
    history.Plot($"plots/{name}-accuracy.png", "accuracy", title: $"{name}: training and validation accuracy");
    model.LoadWeights(checkpoint); // the best epoch's weights
    double accuracy = model.Evaluate(testIndices, verbose: 0)["accuracy"];
    Console.WriteLine($"{name}: test_acc {accuracy:F3}   (the book: about {book}; target 0.865 or more)   {runClock.Elapsed.TotalSeconds:F0} s");
}
