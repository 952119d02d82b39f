// Deep Learning with Python, chapter 3: predicting house prices (Boston housing), a regression,
// with K-fold validation. Pass a number to average the final model's test MAE over that many seeds.
using System.Diagnostics;
using Strata;
using Strata.Datasets;
using Strata.Layers;
using Strata.Plotting;

var clock = Stopwatch.StartNew();
int seeds = args.Length > 0 ? int.Parse(args[0]) : 1;
var ((trainData, trainTargets), (testData, testTargets)) = BostonHousing.LoadData();
(trainData, Tensor mean, Tensor std) = Utils.Normalize(trainData);
testData = Utils.Normalize(testData, mean, std);

Sequential BuildModel()
{
    var model = new Sequential(
    [
        new Dense(64, activation: "relu"),
        new Dense(64, activation: "relu"),
        new Dense(1),
    ]);
    model.Compile(optimizer: "rmsprop", loss: "mse", metrics: ["mae"]);
    return model;
}

// 4-fold validation, 100 epochs: the mean validation MAE, and its curve epoch by epoch.
const int k = 4, epochs = 100;
var allScores = new List<double>();
var maeHistories = new List<IReadOnlyList<double>>();
int fold = 0;
foreach ((int[] train, int[] validation) in Utils.KFold(trainData.Shape[0], k))
{
    Console.WriteLine($"Processing fold #{fold++}");
    Sequential model = BuildModel();
    History history = model.Fit(Ops.Take(trainData, train), Ops.Take(trainTargets, train), epochs: epochs, batchSize: 16,
        validationData: (Ops.Take(trainData, validation), Ops.Take(trainTargets, validation)), verbose: 0);
    maeHistories.Add(history["val_mae"]);
    allScores.Add(history["val_mae"][^1]);
}
Console.WriteLine($"validation MAE per fold: {string.Join(", ", allScores.Select(s => s.ToString("F2")))}; mean {allScores.Average():F2}   (Keras replicas: 2.29-2.43)");
double[] averageMae = Enumerable.Range(0, epochs).Select(e => maeHistories.Average(h => h[e])).ToArray();
Charts.Line("plots/boston-validation-mae.png", "Validation MAE by epoch", "Epochs", "Validation MAE", ("Validation MAE", averageMae));

// The final model: all the training data, 130 epochs, then the test set.
var testMae = new List<double>();
for (int seed = 0; seed < seeds; seed++)
{
    Strata.Random.SetSeed(seed);
    Sequential final = BuildModel();
    final.Fit(trainData, trainTargets, epochs: 130, batchSize: 16, verbose: 0);
    testMae.Add(final.Evaluate(testData, testTargets, verbose: 0)["mae"]);
}
Console.WriteLine($"test MAE: {string.Join(", ", testMae.Select(s => s.ToString("F2")))}; mean over {seeds} seed(s) {testMae.Average():F2}   (Keras replicas: one run 2.4-3.1, median 2.56)");
Console.WriteLine($"Run time: {clock.Elapsed.TotalSeconds:F1} s; plots in plots/");
