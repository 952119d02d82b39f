using Strata.Callbacks;
using Strata.Layers;
using Strata.Optimizers;

namespace Strata.Tests.Callbacks;

public class CallbackTests
{
    private static Sequential SmallModel(float learningRate = 0.01f)
    {
        var model = new Sequential([new Dense(1, name: null)]);
        model.Build(-1, 2);
        model.Compile(optimizer: new SGD(learningRate: learningRate), loss: "mse");
        return model;
    }

    private static void Attach(Callback callback, Model model, int epochs = 10)
    {
        callback.Model = model;
        callback.Params = new Dictionary<string, int> { ["epochs"] = epochs, ["steps"] = 1, ["verbose"] = 0 };
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceAndRestoresTheBestWeights()
    {
        Sequential model = SmallModel();
        var stopper = new EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true);
        Attach(stopper, model);
        stopper.OnTrainBegin(new Dictionary<string, double>());
        double[] valLoss = [1.0, 0.5, 0.7, 0.6, 0.8];
        Tensor[]? best = null;
        for (int epoch = 0; epoch < valLoss.Length && !model.StopTraining; epoch++)
        {
            model.SetWeights([Tensor.Full([2, 1], epoch), Tensor.Full([1], epoch)]);
            if (epoch == 1) best = model.GetWeights();
            stopper.OnEpochEnd(epoch, new Dictionary<string, double> { ["val_loss"] = valLoss[epoch] });
        }
        Assert.True(model.StopTraining);
        Assert.Equal(3, stopper.StoppedEpoch); // no improvement at epochs 2 and 3
        stopper.OnTrainEnd(new Dictionary<string, double>());
        Assert.Equal(1, stopper.BestEpoch);
        Assert.Equal(best![0].ToArray<float>(), model.GetWeights()[0].ToArray<float>());
    }

    [Fact]
    public void EarlyStoppingInsideFitEndsTraining()
    {
        Sequential model = SmallModel(learningRate: 0f); // the loss never improves
        Tensor x = Tensor.Uniform([16, 2], seed: 1), y = Tensor.Uniform([16, 1], seed: 2);
        History history = model.Fit(x, y, epochs: 20, shuffle: false, verbose: 0, callbacks: [new EarlyStopping(monitor: "loss", patience: 3)]);
        Assert.Equal(4, history["loss"].Count);
    }

    [Fact]
    public void ModesFollowTheMonitoredName()
    {
        Sequential model = SmallModel();
        var stopper = new EarlyStopping(monitor: "val_accuracy", patience: 1);
        Attach(stopper, model);
        stopper.OnTrainBegin(new Dictionary<string, double>());
        stopper.OnEpochEnd(0, new Dictionary<string, double> { ["val_accuracy"] = 0.5 });
        stopper.OnEpochEnd(1, new Dictionary<string, double> { ["val_accuracy"] = 0.6 });
        Assert.False(model.StopTraining);
        stopper.OnEpochEnd(2, new Dictionary<string, double> { ["val_accuracy"] = 0.55 });
        Assert.True(model.StopTraining);
    }

    [Fact]
    public void ReduceLROnPlateauDividesTheRateAfterPatience()
    {
        Sequential model = SmallModel(learningRate: 0.1f);
        var reducer = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 2, minLr: 0.02);
        Attach(reducer, model);
        reducer.OnTrainBegin(new Dictionary<string, double>());
        double[] losses = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        var rates = new List<float>();
        for (int e = 0; e < losses.Length; e++)
        {
            reducer.OnEpochEnd(e, new Dictionary<string, double> { ["loss"] = losses[e] });
            rates.Add(model.Optimizer!.LearningRate);
        }
        Assert.Equal(new[] { 0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f, 0.02f }, rates.ToArray(), new FloatComparer(1e-7f));
    }

    [Fact]
    public void TerminateOnNaNStopsAtTheFirstBadBatch()
    {
        Sequential model = SmallModel(learningRate: 1e30f);
        Tensor x = Tensor.Full([64, 2], 1e10f), y = Tensor.Ones(64, 1);
        int batches = 0;
        History history = model.Fit(x, y, epochs: 5, batchSize: 8, verbose: 0,
            callbacks: [new TerminateOnNaN(), new LambdaCallback(onTrainBatchEnd: (_, _) => batches++)]);
        Assert.True(model.StopTraining);
        Assert.Single(history["loss"]);
        Assert.True(batches < 8);
    }

    [Fact]
    public void CsvLoggerWritesOneRowPerEpoch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"strata-{Guid.NewGuid():N}.csv");
        try
        {
            Sequential model = SmallModel();
            Tensor x = Tensor.Uniform([16, 2], seed: 1), y = Tensor.Uniform([16, 1], seed: 2);
            History history = model.Fit(x, y, epochs: 3, verbose: 0, validationData: (x, y), callbacks: [new CSVLogger(path)]);
            string[] lines = File.ReadAllLines(path);
            Assert.Equal("epoch,loss,val_loss", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Equal(history["val_loss"][2], double.Parse(lines[3].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ModelCheckpointSavesOnlyImprovements()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"strata-{Guid.NewGuid():N}");
        try
        {
            Sequential model = SmallModel();
            var checkpoint = new ModelCheckpoint(Path.Combine(dir, "model-{epoch:02d}-{val_loss:.2f}.zip"), saveBestOnly: true);
            Attach(checkpoint, model);
            checkpoint.OnTrainBegin(new Dictionary<string, double>());
            double[] valLoss = [0.9, 0.5, 0.7, 0.4];
            for (int e = 0; e < valLoss.Length; e++) checkpoint.OnEpochEnd(e, new Dictionary<string, double> { ["val_loss"] = valLoss[e] });
            string[] files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray()!;
            Assert.Equal(new[] { "model-01-0.90.zip", "model-02-0.50.zip", "model-04-0.40.zip" }, files);
            Model loaded = Model.Load(Path.Combine(dir, "model-04-0.40.zip"));
            Assert.Equal(model.GetWeights()[0].ToArray<float>(), loaded.GetWeights()[0].ToArray<float>());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LambdaCallbackAndHistorySeeEveryEpoch()
    {
        Sequential model = SmallModel();
        var seen = new List<int>();
        Tensor x = Tensor.Uniform([10, 2], seed: 1), y = Tensor.Uniform([10, 1], seed: 2);
        History history = model.Fit(x, y, epochs: 4, initialEpoch: 1, verbose: 0, callbacks: [new LambdaCallback(onEpochEnd: (e, _) => seen.Add(e))]);
        Assert.Equal(new[] { 1, 2, 3 }, seen);
        Assert.Equal(new[] { 1, 2, 3 }, history.Epoch);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float v) => 0;
    }
}
