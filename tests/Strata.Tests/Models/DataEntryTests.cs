using System.Runtime.InteropServices;
using Strata.Layers;
using Strata.Losses;
using Strata.Optimizers;

namespace Strata.Tests.Models;

/// <summary>
/// What Fit, Evaluate, Predict and the batch methods do with the arrays they are given: empty data,
/// a validation split that leaves nothing, integer data, and arrays that do not fit the model are
/// each a clear ArgumentException naming the operation (or what Keras does), never a crash inside a kernel.
/// </summary>
public class DataEntryTests
{
    private static readonly Tensor X = Tensor.Uniform([8, 3], seed: 1);
    private static readonly Tensor Y = Tensor.Uniform([8, 1], seed: 2);

    private static Sequential Mlp(string loss = "mse", int outputs = 1, string? activation = null)
    {
        Strata.Random.SetSeed(3);
        var model = new Sequential([new InputLayer([3]), new Dense(4, activation: "relu"), new Dense(outputs, activation: activation)]);
        model.Compile(optimizer: "sgd", loss: loss);
        return model;
    }

    private static void AssertRejected(Action call, params string[] fragments)
    {
        var error = Assert.ThrowsAny<ArgumentException>(call);
        foreach (string fragment in fragments) Assert.Contains(fragment, error.Message);
    }

    private static bool SameBits(Tensor[] a, Tensor[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.Shape == p.Second.Shape
            && MemoryMarshal.AsBytes(p.First.ToArray<float>().AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(p.Second.ToArray<float>().AsSpan())));

    /// <summary>Float32 whole numbers in [0, below), which every integer dtype (and bool, below 2) holds exactly.</summary>
    private static Tensor WholeNumbers(int rows, int columns, int below, int seed)
    {
        var random = new System.Random(seed);
        return Tensor.FromArray(Enumerable.Range(0, rows * columns).Select(_ => (float)random.Next(below)).ToArray(), rows, columns);
    }

    [Fact]
    public void EmptyData_IsAnError_ForEveryEntryPoint()
    {
        // Keras fails on empty data too (its fit/predict loops find no batch); a loss of 0 hid the mistake.
        Tensor x0 = Tensor.Zeros(0, 3), y0 = Tensor.Zeros(0, 1);
        AssertRejected(() => Mlp().Fit(x0, y0, verbose: 0), "Fit:", "no samples", "(0, 3)");
        AssertRejected(() => Mlp().Evaluate(x0, y0, verbose: 0), "Evaluate:", "no samples");
        AssertRejected(() => Mlp().Predict(x0, verbose: 0), "Predict:", "no samples");
        AssertRejected(() => Mlp().Predict(x0, verbose: 1), "Predict:", "no samples");
        AssertRejected(() => Mlp().TrainOnBatch(x0, y0), "TrainOnBatch:", "no samples");
        AssertRejected(() => Mlp().TestOnBatch(x0, y0), "TestOnBatch:", "no samples");
        AssertRejected(() => Mlp().Fit(X, Y, validationData: (x0, y0), verbose: 0), "Fit (validationData):", "no samples");
    }

    [Fact]
    public void ValidationSplit_TrainsOnTheFloorOfTheTrainingShare_AsKeras()
    {
        // 10 samples, split 0.25: Keras trains on floor(7.5) = 7 and validates on the last 3. With a zero
        // model and a zero learning rate the losses are the mean squared targets of each part.
        var model = new Sequential([new InputLayer([1]), new Dense(1, useBias: false)]);
        model.SetWeights([Tensor.Zeros(1, 1)]);
        model.Compile(optimizer: new SGD(learningRate: 0f), loss: "mse");
        Tensor y = Tensor.FromArray(new float[] { 0, 0, 0, 0, 0, 0, 0, 0.5f, 1, 1 }, 10, 1);
        History history = model.Fit(Tensor.Ones(10, 1), y, validationSplit: 0.25, shuffle: false, verbose: 0);
        Assert.Equal(0.0, history["loss"][0]);
        Assert.Equal((0.25 + 1 + 1) / 3, history["val_loss"][0], 6);
    }

    [Fact]
    public void AValidationSplitThatLeavesAPartEmpty_NamesTheCounts()
    {
        // floor(256 · 0.001) = 0 samples to train on.
        AssertRejected(() => Mlp().Fit(Tensor.Zeros(256, 3), Tensor.Zeros(256, 1), validationSplit: 0.999, verbose: 0),
            "Fit:", "validationSplit 0.999", "256 samples", "0 for training", "256 for validation");
        AssertRejected(() => Mlp().Fit(X[..1], Y[..1], validationSplit: 0.5, verbose: 0), "1 samples", "0 for training");
        // floor(8 · 0.95) = 7 and 1: both parts hold a sample, so it trains.
        Assert.Single(Mlp().Fit(X, Y, validationSplit: 0.05, verbose: 0)["val_loss"]);
    }

    [Theory]
    [InlineData(DType.Int32)]
    [InlineData(DType.Int64)]
    [InlineData(DType.UInt8)]
    public void IntegerData_TrainsBitForBitAsTheSameValuesInFloat32(DType dtype)
    {
        Tensor x = WholeNumbers(40, 3, below: 200, seed: 4);
        Tensor y = WholeNumbers(40, 1, below: 3, seed: 5);
        (Tensor[] Weights, double Loss, float[] Predictions) Train(Tensor xs, Tensor ys)
        {
            Sequential model = Mlp();
            model.Fit(xs, ys, epochs: 2, batchSize: 16, verbose: 0);
            return (model.GetWeights(), model.Evaluate(xs, ys, verbose: 0)["loss"], model.Predict(xs, verbose: 0).ToArray<float>());
        }
        var asFloat = Train(x, y);
        foreach (var asInteger in new[] { Train(x.AsType(dtype), y), Train(x, y.AsType(dtype)), Train(x.AsType(dtype), y.AsType(dtype)) })
        {
            Assert.True(SameBits(asFloat.Weights, asInteger.Weights));
            Assert.Equal(asFloat.Loss, asInteger.Loss);
            Assert.Equal(asFloat.Predictions, asInteger.Predictions);
        }
    }

    [Fact]
    public void BoolData_AndTheBatchMethods_TakeIntegersToo()
    {
        Tensor x = WholeNumbers(8, 3, below: 2, seed: 6);
        Sequential a = Mlp(), b = Mlp();
        Assert.Equal(a.TrainOnBatch(x, Y)["loss"], b.TrainOnBatch(x.AsType(DType.Bool), Y)["loss"]);
        Assert.Equal(a.TestOnBatch(x, Y)["loss"], b.TestOnBatch(x.AsType(DType.Int32), Y)["loss"]);
        History history = b.Fit(X, Y, validationData: (x.AsType(DType.UInt8), Y), verbose: 0);
        Assert.Equal(b.Evaluate(x, Y, verbose: 0)["loss"], history["val_loss"][0], 6);
    }

    [Fact]
    public void SparseLabels_StayIntegerLabels()
    {
        // The loss of integer labels, as the loss object computes it on its own; out-of-range labels still fail.
        Sequential model = Mlp("sparse_categorical_crossentropy", outputs: 3, activation: "softmax");
        Tensor labels = Tensor.FromArray(new[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        double expected = new SparseCategoricalCrossentropy().Call(labels, model.Predict(X, verbose: 0)).ToScalar();
        Assert.Equal(expected, model.TestOnBatch(X, labels)["loss"], 6);
        AssertRejected(() => model.Fit(X, Tensor.FromArray(new[] { 0, 1, 3, 0, 1, 2, 0, 1 }), verbose: 0), "label 3", "3 classes");
    }

    [Fact]
    public void AnInputDeclaredInt32_ConvertsFloatData_AsKeras()
    {
        // keras.Input(dtype="int32") converts what it is given: 1.7 and -2.2 arrive as 1 and -2.
        var input = new Input([2], dtype: DType.Int32);
        var model = new Model(input, new Dense(1).Call(input));
        model.SetWeights([Tensor.FromArray(new float[] { 10, 100 }, 2, 1), Tensor.FromArray(new float[] { 0.5f })]);
        Tensor x = Tensor.FromArray(new float[] { 1.7f, -2.2f }, 1, 2);
        Assert.Equal([1 * 10 + -2 * 100 + 0.5f], model.Predict(x, verbose: 0).ToArray<float>());
        model.Compile(optimizer: "sgd", loss: "mse");
        Assert.Equal(Math.Pow(-189.5 - 1, 2), model.Evaluate(x, Tensor.Ones(1, 1), verbose: 0)["loss"], 3);
        // Fit logs the loss before its one update; the integer batch takes the eager step, not the float32 plan.
        Assert.Equal(Math.Pow(-189.5 - 1, 2), model.Fit(x, Tensor.Ones(1, 1), verbose: 0)["loss"][0], 3);
    }

    [Fact]
    public void ArraysThatDoNotMatchTheModelsInputsAndOutputs_AreCounted()
    {
        AssertRejected(() => Mlp().Fit([X, X], [Y], verbose: 0), "Fit:", "1 input(s)", "got 2 input array(s)");
        AssertRejected(() => Mlp().Predict(Array.Empty<Tensor>(), verbose: 0), "Predict:", "got 0 input array(s)");
        AssertRejected(() => Mlp().Fit([X], [Y, Y], verbose: 0), "Fit:", "1 output(s)", "got 2 target array(s)");
        AssertRejected(() => Mlp().Evaluate([X], [], verbose: 0), "Evaluate:", "got 0 target array(s)");
        AssertRejected(() => Mlp().TrainOnBatch([X], [null!]), "TrainOnBatch:", "target 0 is null");
        Assert.Throws<ArgumentNullException>(() => Mlp().Fit([X], null!, verbose: 0));

        var input = new Input([3]);
        var twoOutputs = new Model([input], [new Dense(1).Call(input), new Dense(2).Call(input)]);
        twoOutputs.Compile(optimizer: "sgd", loss: "mse");
        AssertRejected(() => twoOutputs.Fit([X], [Y], verbose: 0), "Fit:", "2 output(s)", "got 1 target array(s)");
    }

    [Fact]
    public void InputsWithDifferentSampleCounts_AreRejected()
    {
        var a = new Input([3]);
        var b = new Input([3]);
        var model = new Model([a, b], [new Dense(1).Call(new Concatenate().Call([a, b]))]);
        model.Compile(optimizer: "sgd", loss: "mse");
        AssertRejected(() => model.Fit([X, X[..5]], [Y], verbose: 0), "Fit:", "same number of samples", "(8, 3)", "(5, 3)");
        AssertRejected(() => model.Predict([X, X[..5]], verbose: 0), "Predict:", "(5, 3)");
        AssertRejected(() => Mlp().Evaluate(X, Y[..5], verbose: 0), "Evaluate:", "(5, 1)");
        AssertRejected(() => Mlp().Fit(X, Y, validationData: (X[..4], Y[..3]), verbose: 0), "Fit (validationData):", "(3, 1)");
        AssertRejected(() => Mlp().Fit(X, Y, sampleWeight: Tensor.Ones(5), verbose: 0), "Fit:", "sampleWeight has shape (5,)");
    }

    [Fact]
    public void SamplesOfTheWrongShape_NameBothShapes_Everywhere()
    {
        Tensor wide = Tensor.Zeros(8, 5);
        AssertRejected(() => Mlp().Fit(wide, Y, verbose: 0), "(3,)", "(8, 5)");
        AssertRejected(() => Mlp().Evaluate(wide, Y, verbose: 0), "(3,)", "(8, 5)");
        AssertRejected(() => Mlp().Predict(wide, verbose: 0), "(3,)", "(8, 5)");
        AssertRejected(() => Mlp().Fit(X, Y, validationData: (wide, Y), verbose: 0), "(3,)", "(8, 5)");
        AssertRejected(() => Mlp().Fit(X, Tensor.Zeros(8, 2), verbose: 0), "(8, 2)", "(8, 1)");
        AssertRejected(() => Mlp().Fit(X, Y, validationData: (X, Tensor.Zeros(8, 2)), verbose: 0), "(8, 2)", "(8, 1)");
    }

    [Fact]
    public void LoopArgumentsOutOfRange_AreRejected()
    {
        AssertRejected(() => Mlp().Fit(X, Y, batchSize: 0, verbose: 0), "Fit:", "batchSize", "got 0");
        AssertRejected(() => Mlp().Evaluate(X, Y, batchSize: -1, verbose: 0), "Evaluate:", "got -1");
        AssertRejected(() => Mlp().Predict(X, batchSize: 0, verbose: 0), "Predict:", "got 0");
        AssertRejected(() => Mlp().Fit(X, Y, epochs: -1, verbose: 0), "Fit:", "epochs (-1)");
        AssertRejected(() => Mlp().Fit(X, Y, classWeight: new Dictionary<int, float> { [0] = 1 }, verbose: 0), "Fit:", "classWeight", "class 1");
    }

    [Fact]
    public void NonFiniteData_TrainsAsKerasDoes_WithoutCrashing()
    {
        // Keras does not check for NaN or infinity: the losses and outputs become NaN.
        Tensor nan = Tensor.FromArray(Enumerable.Repeat(float.NaN, 24).ToArray(), 8, 3);
        Tensor inf = Tensor.FromArray(Enumerable.Repeat(float.PositiveInfinity, 24).ToArray(), 8, 3);
        Assert.True(double.IsNaN(Mlp().Fit(nan, Y, verbose: 0)["loss"][0]));
        Assert.True(double.IsNaN(Mlp().Fit(inf, Y, verbose: 0)["loss"][0]));
        Assert.True(double.IsNaN(Mlp().Evaluate(nan, Y, verbose: 0)["loss"]));
        Assert.All(Mlp().Predict(nan, verbose: 0).ToArray<float>(), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void PredictOnAModelNeverBuilt_BuildsItFromTheData()
    {
        var dense = new Dense(2);
        var model = new Sequential([dense]);
        float[] predicted = model.Predict(X, verbose: 0).ToArray<float>();
        Tensor expected = Ops.MatMul(X, dense.Kernel) + dense.Bias!;
        Assert.Equal(expected.ToArray<float>(), predicted);
        Assert.Contains("no layers", Assert.Throws<InvalidOperationException>(() => new Sequential().Predict(X, verbose: 0)).Message);
    }
}
