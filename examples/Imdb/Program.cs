// Deep Learning with Python, chapter 3: classifying movie reviews (IMDB), a binary classification.
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
var ((trainData, trainLabels), (testData, testLabels)) = Imdb.LoadData(numWords: 10000);
Console.WriteLine($"First review: {Imdb.Decode(trainData[0])[..120]}...");

Tensor xTrain = Utils.VectorizeSequences(trainData, dimension: 10000);
Tensor xTest = Utils.VectorizeSequences(testData, dimension: 10000);
Tensor yTrain = trainLabels.AsType(DType.Float32);
Tensor yTest = testLabels.AsType(DType.Float32);

Sequential BuildModel()
{
    var model = new Sequential(
    [
        new Dense(16, activation: "relu"),
        new Dense(16, activation: "relu"),
        new Dense(1, activation: "sigmoid"),
    ]);
    model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy", metrics: ["accuracy"]);
    return model;
}

// Validating the approach: hold out 10,000 samples and watch the validation curves.
Tensor xVal = xTrain[..10000], partialXTrain = xTrain[10000..];
Tensor yVal = yTrain[..10000], partialYTrain = yTrain[10000..];
History history = BuildModel().Fit(partialXTrain, partialYTrain, epochs: 20, batchSize: 512, validationData: (xVal, yVal));
history.Plot("plots/imdb-loss.png", "loss");
history.Plot("plots/imdb-accuracy.png", "accuracy");

// Retraining from scratch for 4 epochs (where validation loss bottomed out), then the test set.
Sequential final = BuildModel();
final.Fit(xTrain, yTrain, epochs: 4, batchSize: 512);
var results = final.Evaluate(xTest, yTest);
Console.WriteLine($"test loss {results["loss"]:F4}, test accuracy {results["accuracy"]:F4}   (the book, 1st ed.: 0.2929, 0.8833; Keras replicas: median accuracy 0.884)");
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
