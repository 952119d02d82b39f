// Deep Learning with Python, chapter 8: the first convnet, on Fashion-MNIST (the same network, 5 epochs, batch 64).
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
var ((trainImages, trainLabels), (testImages, testLabels)) = FashionMnist.LoadData();

var inputs = new Input(shape: [28, 28, 1]);
var x = new Conv2D(filters: 32, kernelSize: 3, activation: "relu").Call(inputs);
x = new MaxPooling2D(poolSize: 2).Call(x);
x = new Conv2D(64, 3, activation: "relu").Call(x);
x = new MaxPooling2D(2).Call(x);
x = new Conv2D(128, 3, activation: "relu").Call(x);
x = new Flatten().Call(x);
var model = new Model(inputs, new Dense(10, activation: "softmax").Call(x));
model.Summary();

model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
Tensor xTrain = trainImages.Reshape(60000, 28, 28, 1).AsType(DType.Float32) / 255f;
Tensor xTest = testImages.Reshape(10000, 28, 28, 1).AsType(DType.Float32) / 255f;
History history = model.Fit(xTrain, trainLabels, epochs: 5, batchSize: 64);
history.Plot("plots/fashion-convnet-loss.png", "loss", title: "Training loss");
history.Plot("plots/fashion-convnet-accuracy.png", "accuracy", title: "Training accuracy");

var scores = model.Evaluate(xTest, testLabels);
Console.WriteLine($"test_acc: {scores["accuracy"]:F4}   (target: 0.90 or more)");
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
