// Deep Learning with Python, chapter 2: the first neural network, on MNIST.
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
var ((trainImages, trainLabels), (testImages, testLabels)) = Mnist.LoadData();
ImageGrid.Save(trainImages[..10], "plots/mnist-digits.png", columns: 10,
    captions: trainLabels[..10].AsType(DType.Int32).ToArray<int>().Select(l => l.ToString()).ToArray());

Tensor xTrain = trainImages.Reshape(60000, 28 * 28).AsType(DType.Float32) / 255f;
Tensor xTest = testImages.Reshape(10000, 28 * 28).AsType(DType.Float32) / 255f;
Tensor yTrain = Utils.ToCategorical(trainLabels, 10);
Tensor yTest = Utils.ToCategorical(testLabels, 10);

var model = new Sequential(
[
    new Dense(512, activation: "relu"),
    new Dense(10, activation: "softmax"),
]);
model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
History history = model.Fit(xTrain, yTrain, epochs: 5, batchSize: 128);
history.Plot("plots/mnist-loss.png", "loss", title: "Training loss");
history.Plot("plots/mnist-accuracy.png", "accuracy", title: "Training accuracy");

Tensor predictions = model.Predict(xTest[..10]);
Console.WriteLine($"First test digit: predicted {Ops.ArgMax(predictions[0]).Item<int>()}, label {testLabels[0].AsType(DType.Int32).Item<int>()}");
var scores = model.Evaluate(xTest, yTest);
Console.WriteLine($"test_acc: {scores["accuracy"]:F4}   (the book: 0.9785; Keras replicas: 0.979)");
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
