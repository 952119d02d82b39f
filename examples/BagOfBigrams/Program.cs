// Deep Learning with Python, chapter 11: the bag-of-words approach on raw IMDB reviews. The texts are read
// from folders with Utils.TextDatasetFromDirectory, turned into multi-hot vectors of unigrams and bigrams
// by TextVectorization (the 20,000 most frequent), then into TF-IDF vectors, each fed to the same small
// dense model, keeping the epoch with the best validation loss as the book's ModelCheckpoint does; then, as the
// book exports it, the vectorizer and the model as one model that takes raw strings.
using System.Diagnostics;
using Strata;
using Strata.Callbacks;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
var (root, train, validation, test) = ReviewFolders.Load();

foreach ((string mode, string file, string book) in new[] { ("multi_hot", "binary_2gram.weights.h5", "0.90"), ("tf_idf", "tfidf_2gram.weights.h5", "0.90") })
{
    var runClock = Stopwatch.StartNew();
    var vectorize = new TextVectorization(ngrams: 2, maxTokens: 20000, outputMode: mode);
    vectorize.Adapt(train.Map(batch => batch.X));
    Dataset<(Tensor X, Tensor Y)> Vectors(Dataset<(Tensor X, Tensor Y)> texts) => texts.Map(b => (vectorize.Call(b.X), b.Y)).Cache();

    var inputs = new Input(shape: [20000]);
    var x = new Dense(16, activation: "relu").Call(inputs);
    x = new Dropout(0.5f).Call(x);
    var model = new Model(inputs, new Dense(1, activation: "sigmoid").Call(x));
    model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
    string checkpoint = Path.Combine(root, file);
    History history = model.Fit(Vectors(train), epochs: 10, validationData: Vectors(validation),
        callbacks: [new ModelCheckpoint(checkpoint, saveBestOnly: true, saveWeightsOnly: true)]);
    history.Plot($"plots/{mode}-2gram-accuracy.png", "accuracy", title: $"Bigrams, {mode}: training and validation accuracy");

    model.LoadWeights(checkpoint); // the best epoch's weights (Model.Load would not restore the compiled loss and metrics yet)
    double accuracy = model.Evaluate(Vectors(test), verbose: 0)["accuracy"];
    Console.WriteLine($"{mode} bigrams: test_acc {accuracy:F3}   (the book: about {book}; target 0.885 or more)   {runClock.Elapsed.TotalSeconds:F0} s");

    // The book's export for raw strings: the vectorizer and the trained model as one model on a string input.
    var text = new Input(shape: [1], dtype: DType.String);
    var inference = new Model(text, model.Call(vectorize.Call(text)));
    Tensor review = Tensor.FromArray(["That was an excellent movie, I loved it."], 1, 1);
    Console.WriteLine($"  \"{review.Item<string>()}\": {inference.Predict(review, verbose: 0).Item<float>() * 100:F2} percent positive");
}
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F0} s; plots in plots/");
