using Strata.Callbacks;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;

namespace Strata.Tests.Models;

public class TrainingTests
{
    private static readonly Tensor XorX = Tensor.FromArray(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 4, 2);
    private static readonly Tensor XorY = Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 4, 1);

    [Fact]
    public void AnMlpLearnsXor()
    {
        Strata.Random.SetSeed(7);
        var model = new Sequential([new Dense(8, activation: "tanh"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new Adam(learningRate: 0.05f), loss: "binary_crossentropy", metrics: ["accuracy"]);
        History history = model.Fit(XorX, XorY, epochs: 300, batchSize: 4, verbose: 0);
        float[] p = model.Predict(XorX, verbose: 0).ToArray<float>();
        Assert.True(p[0] < 0.2f && p[1] > 0.8f && p[2] > 0.8f && p[3] < 0.2f, $"predictions {string.Join(", ", p)}");
        Assert.Equal(1.0, history["accuracy"][^1]);
        Assert.True(history["loss"][^1] < history["loss"][0] / 5);
        Assert.Equal(300, history["loss"].Count);
    }

    [Fact]
    public void AFunctionalModelWithTwoInputsAndTwoOutputsTrains()
    {
        Strata.Random.SetSeed(11);
        var a = new Input([3], name: "a");
        var b = new Input([2], name: "b");
        SymbolicTensor shared = new Dense(16, activation: "relu", name: "trunk").Call(new Concatenate().Call([a, b]));
        SymbolicTensor sum = new Dense(1, name: "sum").Call(shared);
        SymbolicTensor sign = new Dense(1, activation: "sigmoid", name: "sign").Call(shared);
        var model = new Model([a, b], [sum, sign]);
        model.Compile(optimizer: new Adam(learningRate: 0.01f), losses: [new Strata.Losses.MeanSquaredError(), new BinaryCrossentropy()], lossWeights: [1f, 0.5f], metrics: ["accuracy"]);

        Tensor xa = Tensor.Uniform([256, 3], -1, 1, seed: 1), xb = Tensor.Uniform([256, 2], -1, 1, seed: 2);
        Tensor total = Ops.Sum(xa, 1, keepDims: true) + Ops.Sum(xb, 1, keepDims: true);
        Tensor positive = (total > 0f).AsType(DType.Float32);
        History history = model.Fit([xa, xb], [total, positive], epochs: 40, batchSize: 32, verbose: 0);

        Assert.True(history["sum_loss"][^1] < 0.05 * history["sum_loss"][0], $"sum loss {history["sum_loss"][0]} -> {history["sum_loss"][^1]}");
        Assert.True(history["sign_accuracy"][^1] > 0.9);
        Assert.Equal(history["sum_loss"][^1] + 0.5 * history["sign_loss"][^1], history["loss"][^1], 2);
        Tensor[] predictions = model.Predict([xa[..5], xb[..5]], verbose: 0);
        Assert.Equal(2, predictions.Length);
        Assert.Equal(new[] { 5, 1 }, predictions[0].Shape.ToArray());
    }

    [Fact]
    public void LossWeightsCombineOutputLossesAsKeras()
    {
        var input = new Input([2]);
        var model = new Model([input], [new Dense(1, name: "first").Call(input), new Dense(1, name: "second").Call(input)]);
        model.Compile(optimizer: "sgd", losses: ["mse", "mae"], lossWeights: [2f, 3f]);
        Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2), y1 = Tensor.Zeros(2, 1), y2 = Tensor.Ones(2, 1);
        Tensor[] p = model.CallOutputs([x]);
        double mse = Ops.Mean(Ops.Square(p[0] - y1)).ToScalar(), mae = Ops.Mean(Ops.Abs(p[1] - y2)).ToScalar();
        Dictionary<string, double> logs = model.TestOnBatch([x], [y1, y2]);
        Assert.Equal(2 * mse + 3 * mae, logs["loss"], 4);
        Assert.Equal(mse, logs["first_loss"], 5);
        Assert.Equal(mae, logs["second_loss"], 5);
    }

    [Fact]
    public void RegularizationPenaltiesAddToTheLoss()
    {
        var model = new Sequential([new Dense(2, useBias: false, kernelRegularizer: new Strata.Regularizers.L2(0.1f))]);
        model.Build(-1, 2);
        model.SetWeights([Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        Tensor x = Tensor.FromArray(new float[] { 1, 0 }, 1, 2), y = Tensor.FromArray(new float[] { 1, 2 }, 1, 2);
        // prediction [1, 2] equals y: the data loss is 0; the penalty is 0.1 * (1 + 4 + 9 + 16) = 3
        Assert.Equal(3.0, model.TestOnBatch(x, y)["loss"], 5);
    }

    [Fact]
    public void EvaluateReturnsLossAndMetricsByName()
    {
        var model = new Sequential([new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        Tensor x = Tensor.Uniform([20, 4], seed: 3);
        Tensor y = Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 20).Select(i => i % 3).ToArray()), 3);
        Dictionary<string, double> scores = model.Evaluate(x, y, verbose: 0);
        Tensor p = model.Predict(x, verbose: 0);
        double accuracy = Ops.Mean(Ops.Equal(Ops.ArgMax(p, -1), Ops.ArgMax(y, -1))).ToScalar();
        Assert.Equal(accuracy, scores["accuracy"], 6);
        Assert.Equal(new CategoricalCrossentropy().Call(y, p).ToScalar(), scores["loss"], 4);
    }

    [Fact]
    public void SampleWeightsAndClassWeightsWeighTheLoss()
    {
        var model = new Sequential([new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy");
        Tensor x = Tensor.Uniform([4, 2], seed: 5), y = Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 4, 1);
        model.Build(-1, 2);
        Tensor perSample = new BinaryCrossentropy(reduction: "none").Call(y, model.Predict(x, verbose: 0));
        Tensor w = Tensor.FromArray(new float[] { 1, 3, 3, 1 });
        double expected = Ops.Sum(perSample * w).ToScalar() / 4;
        Assert.Equal(expected, model.TestOnBatch(x, y, w)["loss"], 5);

        var before = model.GetWeights();
        var viaClassWeights = new Sequential([new Dense(1, activation: "sigmoid")]);
        viaClassWeights.Build(-1, 2);
        viaClassWeights.SetWeights(before);
        viaClassWeights.Compile(optimizer: "sgd", loss: "binary_crossentropy");
        viaClassWeights.Fit(x, y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0, classWeight: new Dictionary<int, float> { [0] = 1f, [1] = 3f });
        model.Fit(x, y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0, sampleWeight: w);
        Assert.Equal(model.GetWeights()[0].ToArray<float>(), viaClassWeights.GetWeights()[0].ToArray<float>());
    }

    [Fact]
    public void ValidationSplitHoldsOutTheLastSamples()
    {
        // Targets are 0 for the first 80 samples and 1 for the last 20: validating on exactly the last 20
        // gives a validation MSE of (1 - p)² where the training data would give p².
        var model = new Sequential([new Dense(1, useBias: false)]);
        model.Build(-1, 1);
        model.SetWeights([Tensor.Zeros(1, 1)]);
        model.Compile(optimizer: new SGD(learningRate: 0f), loss: "mse");
        Tensor x = Tensor.Ones(100, 1);
        Tensor y = Ops.Concat([Tensor.Zeros(80, 1), Tensor.Ones(20, 1)]);
        History history = model.Fit(x, y, epochs: 1, validationSplit: 0.2, verbose: 0);
        Assert.Equal(0.0, history["loss"][0]);
        Assert.Equal(1.0, history["val_loss"][0]);
    }

    [Fact]
    public void ValidationDataIsEvaluatedEachEpoch()
    {
        var model = new Sequential([new Dense(1)]);
        model.Compile(optimizer: "adam", loss: "mse", metrics: ["mae"]);
        Tensor x = Tensor.Uniform([32, 3], seed: 8), y = Tensor.Uniform([32, 1], seed: 9);
        History history = model.Fit(x, y, epochs: 3, batchSize: 8, validationData: (x[..8], y[..8]), verbose: 0);
        Assert.Equal(3, history["val_loss"].Count);
        Assert.Equal(3, history["val_mae"].Count);
        Dictionary<string, double> final = model.Evaluate(x[..8], y[..8], verbose: 0);
        Assert.Equal(final["loss"], history["val_loss"][^1], 6);
    }

    [Fact]
    public void DataWithMismatchedSampleCountsIsRejected()
    {
        var model = new Sequential([new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var error = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(10, 2), Tensor.Zeros(9, 1), verbose: 0));
        Assert.Contains("(10, 2)", error.Message);
        Assert.Contains("(9, 1)", error.Message);
    }

    [Fact]
    public void DataOfTheWrongWidthNamesTheLayerAndBothShapes()
    {
        var model = new Sequential([new Dense(16, name: "hidden"), new Dense(1)]);
        model.Build(-1, 784);
        model.Compile(optimizer: "sgd", loss: "mse");
        var error = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(10, 100), Tensor.Zeros(10, 1), verbose: 0));
        Assert.Contains("'hidden'", error.Message);
        Assert.Contains("784", error.Message);
        Assert.Contains("(10, 100)", error.Message);
    }

    [Fact]
    public void TrainingBeforeCompileSaysWhatToDo()
    {
        var model = new Sequential([new Dense(1)]);
        Assert.Contains("Compile", Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Zeros(2, 2), Tensor.Zeros(2, 1), verbose: 0)).Message);
    }

    [Fact]
    public void SameSeedGivesIdenticalTraining()
    {
        float[] Train()
        {
            Strata.Random.SetSeed(42);
            var model = new Sequential([new Dense(8, activation: "relu"), new Dropout(0.3f), new Dense(2, activation: "softmax")]);
            model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy");
            Tensor x = Tensor.Uniform([64, 4], seed: 1);
            Tensor y = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => i % 2).ToArray());
            model.Fit(x, y, epochs: 2, batchSize: 16, verbose: 0);
            return model.GetWeights()[0].ToArray<float>();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void ACustomTrainingLoopAsDesigned()
    {
        Strata.Random.SetSeed(3);
        var model = new Sequential([new Dense(16, activation: "relu"), new Dense(3, activation: "softmax")]);
        Tensor xTrain = Tensor.Uniform([128, 5], seed: 4);
        Tensor yTrain = Utils.ToCategorical(Ops.ArgMax(xTrain[.., ..3], -1), 3);
        var lossFn = new CategoricalCrossentropy();
        var optimizer = new RMSprop(learningRate: 1e-2f);
        var accuracy = new CategoricalAccuracy();
        double first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            Tensor xBatch = xTrain[..128], yBatch = yTrain[..128];
            accuracy.ResetState();
            using (var tape = new GradientTape())
            {
                Tensor predictions = model.Call(xBatch, training: true);
                Tensor batchLoss = lossFn.Call(yBatch, predictions);
                Tensor[] gradients = tape.Gradient(batchLoss, model.TrainableWeights);
                optimizer.ApplyGradients(gradients, model.TrainableWeights);
                accuracy.UpdateState(yBatch, predictions);
                if (step == 0) first = batchLoss.ToScalar();
                last = batchLoss.ToScalar();
            }
        }
        Assert.True(last < first / 2, $"loss {first} -> {last}");
        Assert.True(accuracy.Result() > 0.8, $"accuracy {accuracy.Result()}");
    }
}
