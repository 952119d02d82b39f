using Strata.Layers;

namespace Strata.Tests.Models;

public class SavingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strata-saving-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ASequentialModelLoadsAndPredictsBitForBit()
    {
        Strata.Random.SetSeed(5);
        var model = new Sequential(
        [
            new InputLayer([6]),
            new Dense(16, activation: "relu", kernelRegularizer: new Strata.Regularizers.L2(0.01f)),
            new Dropout(0.5f),
            new Dense(3, activation: "softmax", useBias: false),
        ]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy");
        Tensor x = Tensor.Uniform([32, 6], seed: 1);
        model.Fit(x, Utils.ToCategorical(Tensor.FromArray(Enumerable.Range(0, 32).Select(i => i % 3).ToArray()), 3), epochs: 2, verbose: 0);

        model.Save(PathOf("model.zip"));
        Model loaded = Model.Load(PathOf("model.zip"));

        Assert.IsType<Sequential>(loaded);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
        Assert.Equal(model.Layers.Select(l => l.Name), loaded.Layers.Select(l => l.Name));
        Assert.Equal(model.Layers.Select(l => l.GetType()), loaded.Layers.Select(l => l.GetType()));
        var dense = (Dense)loaded.Layers[0];
        Assert.Equal("relu", dense.Activation);
        Assert.NotNull(dense.KernelRegularizer);
    }

    [Fact]
    public void AFunctionalModelWithSharedLayersLoadsAndPredictsBitForBit()
    {
        Strata.Random.SetSeed(6);
        var a = new Input([4], name: "left");
        var b = new Input([4], name: "right");
        var shared = new Dense(5, activation: "tanh", name: "shared");
        SymbolicTensor merged = new Concatenate(name: "merged").Call([shared.Call(a), shared.Call(b)]);
        var model = new Model([a, b], [new Dense(2, name: "head").Call(merged), new Add(name: "sum").Call([shared.Call(a), shared.Call(b)])]);

        model.Save(PathOf("functional.zip"));
        Model loaded = Model.Load(PathOf("functional.zip"));

        Tensor xa = Tensor.Uniform([7, 4], seed: 2), xb = Tensor.Uniform([7, 4], seed: 3);
        Tensor[] expected = model.Predict([xa, xb], verbose: 0), actual = loaded.Predict([xa, xb], verbose: 0);
        Assert.Equal(expected[0].ToArray<float>(), actual[0].ToArray<float>());
        Assert.Equal(expected[1].ToArray<float>(), actual[1].ToArray<float>());
        Assert.Equal(model.CountParams(), loaded.CountParams());
    }

    [Fact]
    public void WeightsAloneRoundTripIntoTheSameArchitecture()
    {
        Sequential Make() => new([new InputLayer([3]), new Dense(4), new Dense(1)]);
        Sequential first = Make(), second = Make();
        first.SaveWeights(PathOf("weights.zip"));
        second.LoadWeights(PathOf("weights.zip"));
        Assert.Equal(first.GetWeights().Select(w => w.ToArray<float>()), second.GetWeights().Select(w => w.ToArray<float>()));

        var other = new Sequential([new InputLayer([3]), new Dense(5), new Dense(1)]);
        var error = Assert.Throws<InvalidDataException>(() => other.LoadWeights(PathOf("weights.zip")));
        Assert.Contains("weights.zip", error.Message);
    }

    [Fact]
    public void ATruncatedFileGivesAClearError()
    {
        var model = new Sequential([new InputLayer([3]), new Dense(4)]);
        model.Save(PathOf("model.zip"));
        byte[] bytes = File.ReadAllBytes(PathOf("model.zip"));
        File.WriteAllBytes(PathOf("cut.zip"), bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => Model.Load(PathOf("cut.zip")));
        Assert.Contains("cut.zip", error.Message);
    }

    [Fact]
    public void SavingAnUnbuiltModelSaysSo()
    {
        var model = new Sequential([new Dense(4)]);
        Assert.Contains("build", Assert.Throws<InvalidOperationException>(() => model.Save(PathOf("x.zip"))).Message);
        Assert.False(File.Exists(PathOf("x.zip")));
    }
}
