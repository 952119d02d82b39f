using System.Text.Json.Nodes;
using Strata.Layers;
using Strata.Losses;
using Strata.Optimizers;
using Strata.Saving;

namespace Strata.Tests.Saving;

/// <summary>
/// Losses, metrics and schedules of your own in saved models, as Keras's register_keras_serializable: registered, a
/// model compiled with them loads compiled (from Strata's zip and from .keras); unregistered, it loads uncompiled.
/// </summary>
public class CustomObjectsTests
{
    private const int Samples = 48, Features = 5;

    [Fact]
    public void ARegisteredFunctionIsALossAndAMetricByName()
    {
        // @register_keras_serializable() def cube_error(y_true, y_pred); model.compile(loss=cube_error, metrics=[cube_error])
        CustomObjects.Register("cube_error", (yTrue, yPred) => Ops.Mean(Ops.Abs(Ops.Square(yTrue - yPred) * (yTrue - yPred)), -1));
        Strata.Random.SetSeed(3);
        var model = new Sequential([new InputLayer([Features]), new Dense(2)]);
        model.Compile("adam", loss: "cube_error", metrics: ["cube_error"]);
        (Tensor x, Tensor y) = Data(outputs: 2);
        model.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);

        // The loss by hand: the mean over samples of the mean |error|³ over the two outputs.
        float[] p = model.Predict(x, verbose: 0).ToArray<float>(), t = y.ToArray<float>();
        double byHand = Enumerable.Range(0, Samples).Average(i => (Math.Pow(Math.Abs(t[2 * i] - p[2 * i]), 3) + Math.Pow(Math.Abs(t[(2 * i) + 1] - p[(2 * i) + 1]), 3)) / 2);
        Dictionary<string, double> logs = model.Evaluate(x, y, batchSize: Samples, verbose: 0);
        Assert.Equal(byHand, logs["loss"], 5);
        Assert.Equal(byHand, logs["cube_error"], 5);

        foreach (string file in new[] { "cube.zip", "cube.keras" })
        {
            Model loaded = SaveAndLoad(model, file);
            Assert.NotNull(loaded.Optimizer);
            Assert.Equal(logs, loaded.Evaluate(x, y, batchSize: Samples, verbose: 0));
            loaded.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0); // resumes
        }
    }

    [Fact]
    public void ARegisteredLossClassComesBackWithItsArguments()
    {
        CustomObjects.Register(config => new ScaledSquares((double)config["factor"]!, (string)config["name"]!));
        Strata.Random.SetSeed(4);
        var model = new Sequential([new InputLayer([Features]), new Dense(1)]);
        model.Compile("sgd", new ScaledSquares(3.0));
        (Tensor x, Tensor y) = Data(outputs: 1);
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        float[] p = model.Predict(x, verbose: 0).ToArray<float>(), t = y.ToArray<float>();
        double byHand = Enumerable.Range(0, Samples).Average(i => 3 * Math.Pow(t[i] - p[i], 2));
        foreach (string file in new[] { "scaled.zip", "scaled.keras" })
        {
            Model loaded = SaveAndLoad(model, file);
            Assert.Equal(byHand, loaded.Evaluate(x, y, batchSize: Samples, verbose: 0)["loss"], 5);
        }
    }

    [Fact]
    public void ARegisteredScheduleResumesBitForBit()
    {
        CustomObjects.Register(config => new Halving((double)config["initial"]!, (int)config["every"]!));
        (Tensor x, Tensor y) = Data(outputs: 1);
        Model Build()
        {
            Strata.Random.SetSeed(5);
            var model = new Sequential([new InputLayer([Features]), new Dense(4, activation: "tanh"), new Dense(1)]);
            model.Compile(new SGD(new Halving(0.1, every: 4), momentum: 0.5), "mse");
            return model;
        }
        Model straight = Build();
        straight.Fit(x, y, epochs: 4, batchSize: 16, verbose: 0);
        Model half = Build();
        half.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);
        Model resumed = SaveAndLoad(half, "halving.keras");
        Assert.Equal(0.1f / 2, resumed.Optimizer!.LearningRate); // step 6: halved once
        resumed.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);
        Assert.Equal(straight.GetWeights().SelectMany(w => w.ToArray<float>()), resumed.GetWeights().SelectMany(w => w.ToArray<float>()));
    }

    [Fact]
    public void AnUnregisteredFunctionLeavesTheModelUncompiledAndAnUnknownNameSaysHowToRegister()
    {
        var model = new Sequential([new InputLayer([Features]), new Dense(1)]);
        model.Compile("adam", new LossFunctionWrapper((yTrue, yPred) => Ops.Mean(Ops.Abs(yTrue - yPred), -1), name: "not_registered_anywhere"));
        (Tensor x, Tensor y) = Data(outputs: 1);
        model.Fit(x, y, epochs: 1, verbose: 0);
        Model loaded = SaveAndLoad(model, "unregistered.keras");
        Assert.Null(loaded.Optimizer);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
        Assert.Contains("CustomObjects.Register(name, fn)", Assert.Throws<ArgumentException>(() => model.Compile("adam", "no_such_loss")).Message);
        Assert.Contains("is not a Layer, Loss, Metric", Assert.Throws<ArgumentException>(() => CustomObjects.Register(_ => "text")).Message);
    }

    private static Model SaveAndLoad(Model model, string file)
    {
        using var folder = new Datasets.TempDirectory();
        string path = Path.Combine(folder.Path, file);
        model.Save(path);
        return Model.Load(path);
    }

    private static (Tensor X, Tensor Y) Data(int outputs) =>
        (Tensor.Uniform([Samples, Features], -1f, 1f, seed: 21), Tensor.Uniform([Samples, outputs], -1f, 1f, seed: 22));

    /// <summary>A loss class of the user's own with an argument, saved in its config.</summary>
    private sealed class ScaledSquares(double factor, string name = "scaled_squares") : Loss(name)
    {
        public override Tensor Compute(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(yPred - yTrue), -1) * (float)factor;

        public override Dictionary<string, object?> GetConfig()
        {
            Dictionary<string, object?> config = base.GetConfig();
            config["factor"] = factor;
            return config;
        }
    }

    /// <summary>A schedule of the user's own: the rate halves every few steps.</summary>
    private sealed class Halving(double initial, int every) : LearningRateSchedule
    {
        public override float Call(long step) => (float)(initial * Math.Pow(0.5, step / every));

        public override Dictionary<string, object?> GetConfig() => new() { ["initial"] = initial, ["every"] = every };
    }
}
