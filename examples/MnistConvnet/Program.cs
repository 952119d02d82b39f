// Deep Learning with Python, chapter 8: the first convnet, on MNIST (sparse labels, 5 epochs, batch 64).
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
var ((trainImages, trainLabels), (testImages, testLabels)) = Mnist.LoadData();

var inputs = new Input(shape: [28, 28, 1]);
var conv1 = new Conv2D(filters: 32, kernelSize: 3, activation: "relu").Call(inputs);
var pool1 = new MaxPooling2D(poolSize: 2).Call(conv1);
var conv2 = new Conv2D(64, 3, activation: "relu").Call(pool1);
var pool2 = new MaxPooling2D(2).Call(conv2);
var conv3 = new Conv2D(128, 3, activation: "relu").Call(pool2);
var x = new Flatten().Call(conv3);
var model = new Model(inputs, new Dense(10, activation: "softmax").Call(x));
model.Summary();

model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
Tensor xTrain = trainImages.Reshape(60000, 28, 28, 1).AsType(DType.Float32) / 255f;
Tensor xTest = testImages.Reshape(10000, 28, 28, 1).AsType(DType.Float32) / 255f;
History history = model.Fit(xTrain, trainLabels, epochs: 5, batchSize: 64);
history.Plot("plots/mnist-convnet-loss.png", "loss", title: "Training loss");
history.Plot("plots/mnist-convnet-accuracy.png", "accuracy", title: "Training accuracy");

var scores = model.Evaluate(xTest, testLabels);
Console.WriteLine($"test_acc: {scores["accuracy"]:F4}   (the book: 0.991)");

// Chapter 9: what the convnet sees. Each conv and pooling layer's activations for the first test digit,
// every channel its own picture, and the first layer's 32 filters.
var activationModel = new Model([inputs], [conv1, pool1, conv2, pool2, conv3]);
Tensor[] activations = activationModel.Predict([xTest[..1]], verbose: 0);
string[] names = ["conv1", "pool1", "conv2", "pool2", "conv3"];
for (int i = 0; i < names.Length; i++) ChannelGrid.Save(activations[i][0], $"plots/mnist-convnet-{names[i]}-activations.png", columns: 16);
ChannelGrid.Save(model.Layers.OfType<Conv2D>().First().Kernel, "plots/mnist-convnet-conv1-filters.png", columns: 16, scale: 12);
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
