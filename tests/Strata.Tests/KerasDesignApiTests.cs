using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;

namespace Strata.Tests;

/// <summary>The Keras part of DESIGN.md section 1, as a user writes it (synthetic data stands in for the datasets).</summary>
public class KerasDesignApiTests
{
    [Fact]
    public void ChapterTwoCodeRunsAsWritten()
    {
        Strata.Random.SetSeed(42);
        Tensor trainImages = Tensor.Uniform([256, 28, 28], 0, 255, seed: 1).AsType(DType.UInt8);
        Tensor trainLabels = Ops.ArgMax(trainImages.Reshape(256, 784)[.., ..10].AsType(DType.Float32), -1).AsType(DType.UInt8);
        Tensor xTrain = trainImages.Reshape(256, 28 * 28).AsType(DType.Float32) / 255f;
        Tensor yTrain = Utils.ToCategorical(trainLabels, 10);

        var model = new Sequential(
        [
            new Dense(512, activation: "relu"),
            new Dense(10, activation: "softmax"),
        ]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        History history = model.Fit(xTrain, yTrain, epochs: 5, batchSize: 128, verbose: 0);
        var scores = model.Evaluate(xTrain, yTrain, verbose: 0);          // scores["loss"], scores["accuracy"]
        Tensor probabilities = model.Predict(xTrain[..10], verbose: 0);   // C# ranges slice the batch axis

        Assert.Equal(5, history["loss"].Count);
        // 10 steps on 256 noise images (label: the brightest of the first 10 pixels) learn a little; the real
        // MNIST run is checked in MnistTests. Above chance (0.1) by half, and a falling loss.
        Assert.True(scores["accuracy"] > 0.15, $"accuracy {scores["accuracy"]}");
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss {string.Join(", ", history["loss"])}");
        Assert.Equal(new[] { 10, 10 }, probabilities.Shape.ToArray());
        float[] rowSums = Ops.Sum(probabilities, axis: 1).ToArray<float>();
        Assert.All(rowSums, s => Assert.Equal(1f, s, 5));
    }

    [Fact]
    public void ChapterThreeOptionsAndTypedObjectsWork()
    {
        Strata.Random.SetSeed(1);
        Tensor x = Tensor.Uniform([100, 20], seed: 2);
        Tensor y = (Ops.Sum(x[.., ..10], axis: 1, keepDims: true) > 5f).AsType(DType.Float32);
        Tensor xVal = x[..20], yVal = y[..20];
        var model = new Sequential([new Dense(16, activation: "relu"), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new RMSprop(learningRate: 1e-3f), loss: new BinaryCrossentropy(), metrics: [new BinaryAccuracy()]);
        History history = model.Fit(x, y, epochs: 3, batchSize: 512, validationData: (xVal, yVal), verbose: 0);
        model.Fit(x, y, epochs: 2, batchSize: 512, validationSplit: 0.2, verbose: 0);
        IReadOnlyList<double> valLoss = history["val_loss"];
        Assert.Equal(3, valLoss.Count);
        Assert.True(history.ContainsKey("val_binary_accuracy"));
    }

    [Fact]
    public void FunctionalApiAsDesigned()
    {
        var input = new Input(shape: [784]);
        var hidden = new Dense(64, activation: "relu").Call(input);
        var output = new Dense(10, activation: "softmax").Call(hidden);
        var functional = new Model(inputs: [input], outputs: [output]);
        var text = new StringWriter();
        functional.Summary(text);
        Assert.Contains(" Total params: 50,890 (198.79 KB)", text.ToString());
        Assert.Equal(new[] { 3, 10 }, functional.Call(Tensor.Zeros(3, 784)).Shape.ToArray());
    }

    [Fact]
    public void TrainOnBatchTakesOneStep()
    {
        var model = new Sequential([new Dense(1, useBias: false)]);
        model.Build(-1, 1);
        model.SetWeights([Tensor.Zeros(1, 1)]);
        model.Compile(optimizer: new SGD(learningRate: 0.5f), loss: "mse");
        // loss (w - 1)², gradient 2(w - 1) = -2 at w = 0: one step moves w to 1.
        Dictionary<string, double> logs = model.TrainOnBatch(Tensor.Ones(1, 1), Tensor.Ones(1, 1));
        Assert.Equal(1.0, logs["loss"]);
        Assert.Equal(1f, model.GetWeights()[0].Item<float>());
        Assert.Equal(0.0, model.TestOnBatch(Tensor.Ones(1, 1), Tensor.Ones(1, 1))["loss"]);
    }
}
