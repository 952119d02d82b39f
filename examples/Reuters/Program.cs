// Deep Learning with Python, chapter 3: classifying newswires (Reuters), a multiclass classification.
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
var ((trainData, trainLabels), (testData, testLabels)) = Reuters.LoadData(numWords: 10000);
Console.WriteLine($"{trainData.Length} training and {testData.Length} test newswires; first: {Reuters.Decode(trainData[0])[..100]}...");

Tensor xTrain = Utils.VectorizeSequences(trainData, dimension: 10000);
Tensor xTest = Utils.VectorizeSequences(testData, dimension: 10000);
Tensor yTrain = Utils.ToCategorical(trainLabels, 46);
Tensor yTest = Utils.ToCategorical(testLabels, 46);

Sequential BuildModel()
{
    var model = new Sequential(
    [
        new Dense(64, activation: "relu"),
        new Dense(64, activation: "relu"),
        new Dense(46, activation: "softmax"),
    ]);
    model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
    return model;
}

Tensor xVal = xTrain[..1000], partialXTrain = xTrain[1000..];
Tensor yVal = yTrain[..1000], partialYTrain = yTrain[1000..];
History history = BuildModel().Fit(partialXTrain, partialYTrain, epochs: 20, batchSize: 512, validationData: (xVal, yVal));
history.Plot("plots/reuters-loss.png", "loss");
history.Plot("plots/reuters-accuracy.png", "accuracy");

// Retraining from scratch for 9 epochs, then the test set.
Sequential final = BuildModel();
final.Fit(xTrain, yTrain, epochs: 9, batchSize: 512);
var results = final.Evaluate(xTest, yTest);
Console.WriteLine($"test loss {results["loss"]:F4}, test accuracy {results["accuracy"]:F4}   (the book, 1st ed.: 0.9565, 0.7970; Keras replicas: median accuracy 0.792)");
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
