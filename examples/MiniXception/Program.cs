// Deep Learning with Python, chapter 9: a mini Xception-like model — data augmentation, Rescaling,
// residual blocks of SeparableConv2D + BatchNormalization + ReLU, GlobalAveragePooling2D and Dropout —
// trained on Fashion-MNIST read back from PNG folders through Utils.ImageDatasetFromDirectory, as the
// book reads its cats-vs-dogs folders.
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Optimizers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
int epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 12;
string[] classNames = ["0-tshirt", "1-trouser", "2-pullover", "3-dress", "4-coat", "5-sandal", "6-shirt", "7-sneaker", "8-bag", "9-boot"];

// The images as a user would have them: one folder of PNG files per class, written on the first run.
string root = Path.Combine(Environment.GetEnvironmentVariable("STRATA_CACHE") ?? Path.Combine(Path.GetTempPath(), "strata"), "fashion-mnist-png");
var ((trainImages, trainLabels), (testImages, testLabels)) = FashionMnist.LoadData();
string trainDir = PngFolders.WriteOnce(root, "train", trainImages, trainLabels, classNames);
string testDir = PngFolders.WriteOnce(root, "test", testImages, testLabels, classNames);
Console.WriteLine($"PNG folders ready in {root} ({clock.Elapsed.TotalSeconds:F1} s)");

var train = Utils.ImageDatasetFromDirectory(trainDir, colorMode: "grayscale", imageSize: (28, 28), batchSize: 64,
    validationSplit: 0.1, subset: "training", seed: 1337);
var validation = Utils.ImageDatasetFromDirectory(trainDir, colorMode: "grayscale", imageSize: (28, 28), batchSize: 64,
    validationSplit: 0.1, subset: "validation", seed: 1337);
var test = Utils.ImageDatasetFromDirectory(testDir, colorMode: "grayscale", imageSize: (28, 28), batchSize: 64, shuffle: false);

var inputs = new Input(shape: [28, 28, 1]);
// Light augmentation: Fashion-MNIST's items are centred and upright, so mirror images and shifts of a
// pixel or so (rotations and zooms cost more accuracy here than they gain, at this budget of epochs).
var x = new RandomFlip("horizontal").Call(inputs);
x = new RandomTranslation(0.05, 0.05).Call(x);
x = new Rescaling(1f / 255).Call(x);
x = new Conv2D(filters: 48, kernelSize: 3, padding: "same", useBias: false).Call(x);
foreach (int size in new[] { 48, 96, 192 })
{
    var residual = x;
    x = new BatchNormalization().Call(x);
    x = new Activation("relu").Call(x);
    x = new SeparableConv2D(size, 3, padding: "same", useBias: false).Call(x);
    x = new BatchNormalization().Call(x);
    x = new Activation("relu").Call(x);
    x = new SeparableConv2D(size, 3, padding: "same", useBias: false).Call(x);
    x = new MaxPooling2D(3, strides: 2, padding: "same").Call(x);
    residual = new Conv2D(size, 1, strides: 2, padding: "same", useBias: false).Call(residual);
    x = new Add().Call([x, residual]);
}
x = new GlobalAveragePooling2D().Call(x);
x = new Dropout(0.25f).Call(x); // the book's 0.5 is for 180×180 photos; this small model on 28×28 underfits with it
var model = new Model(inputs, new Dense(10, activation: "softmax").Call(x));
model.Summary();

// RMSprop with a learning rate that decays by 0.8 each epoch: the weights settle by the end, so that the
// batch normalizations' moving statistics (which trail the weights by ~100 steps) describe the final model.
var schedule = new ExponentialDecay(1e-3f, decaySteps: (long)train.Cardinality, decayRate: 0.8f);
model.Compile(optimizer: new RMSprop(learningRate: schedule), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
History history = model.Fit(train, epochs: epochs, validationData: validation);
history.Plot("plots/mini-xception-loss.png", "loss", title: "Training and validation loss");
history.Plot("plots/mini-xception-accuracy.png", "accuracy", title: "Training and validation accuracy");

var scores = model.Evaluate(test);
Console.WriteLine($"test_acc: {scores["accuracy"]:F4}   (target: 0.91 or more)");
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
