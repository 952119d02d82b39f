using Strata.Layers;
using Strata.Tests.Compilation;
using Strata.Tests.Convolution;

namespace Strata.Tests.Images;

/// <summary>Resizing, RandomRotation, RandomZoom and RandomTranslation against Keras's transform matrices worked by hand.</summary>
public class AugmentationLayerTests
{
    private static Tensor Counting(int n, int h, int w) => Tensor.FromArray(Enumerable.Range(0, n * h * w).Select(i => (float)(i % (h * w))).ToArray(), n, h, w, 1);

    private static void Near(float[] expected, Tensor actual) => Assert.Equal(expected, actual.ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-4f);

    [Fact]
    public void TheRandomTransformsPassImagesUnchangedInInference()
    {
        Tensor x = Tensor.Uniform([2, 5, 5, 3], seed: 1);
        Assert.Same(x, new RandomRotation(0.2).Call(x, training: false));
        Assert.Same(x, new RandomZoom(0.3).Call(x, training: false));
        Assert.Same(x, new RandomTranslation(0.1, 0.1).Call(x, training: false));
    }

    [Fact]
    public void RandomTranslationShiftsByTheFractionOfTheSize()
    {
        // A range of one value: dy = 0.5 · 4 = 2 rows down, dx = 0; rows 0-1 come from outside (constant fill -1).
        Tensor y = new RandomTranslation((0.5, 0.5), (0, 0), fillMode: "constant", fillValue: -1).Call(Counting(2, 4, 3), training: true);
        float[] one = [-1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5];
        Near([.. one, .. one], y);
    }

    [Fact]
    public void RandomZoomScalesAboutTheCentre()
    {
        // zoom 1 - 0.5 both ways (in by 2): output x reads 0.5 x + (5 - 1) / 2 · 0.5 = 0.5 x + 1.
        Tensor y = new RandomZoom((-0.5, -0.5)).Call(Counting(1, 1, 5), training: true);
        Near([1, 1.5f, 2, 2.5f, 3], y);
        // A width range of its own: out by 1 + 0.5 across, unchanged down; points beyond the edge reflect.
        Tensor wide = new RandomZoom((0, 0), (0.5, 0.5)).Call(Counting(1, 1, 5), training: true);
        // x reads 1.5 x - 1: -1 -> reflect 0, 0.5, 2, 3.5, 5 -> reflect 4.
        Near([0, 0.5f, 2, 3.5f, 4], wide);
    }

    [Fact]
    public void RandomRotationByAQuarterTurnIsKerasRotationMatrix()
    {
        // 0.25 of a turn: output (x, y) reads (2 - y, x) on a 3x3 grid, as Ops.AffineTransform's test works out.
        Tensor y = new RandomRotation((0.25, 0.25)).Call(Counting(1, 3, 3), training: true);
        Near([2, 5, 8, 1, 4, 7, 0, 3, 6], y);
    }

    [Fact]
    public void EachImageDrawsItsOwnTransformAndASeedRepeatsThem()
    {
        Tensor x = Tensor.Uniform([6, 8, 8, 1], seed: 2);
        float[] a = new RandomRotation(0.2, seed: 4).Call(x, training: true).ToArray<float>();
        Assert.Equal(a, new RandomRotation(0.2, seed: 4).Call(x, training: true).ToArray<float>());
        Assert.NotEqual(a, new RandomRotation(0.2, seed: 5).Call(x, training: true).ToArray<float>());
        // The same image six times: six different rotations.
        Tensor same = Ops.Concat(Enumerable.Repeat(x[..1], 6).ToArray());
        Tensor zoomed = new RandomZoom(0.3, seed: 1).Call(same, training: true);
        Assert.Equal(6, Enumerable.Range(0, 6).Select(i => string.Join(",", zoomed[i].ToArray<float>())).Distinct().Count());
    }

    [Fact]
    public void FactorsOutsideTheirRangeAreRefused()
    {
        Assert.Contains("factor", Assert.Throws<ArgumentException>(() => new RandomRotation((0.3, 0.1))).Message);
        Assert.Contains("heightFactor", Assert.Throws<ArgumentException>(() => new RandomTranslation(1.5, 0)).Message);
        Assert.Contains("fillMode", Assert.Throws<ArgumentException>(() => new RandomZoom(0.1, fillMode: "mirror-ish")).Message);
    }

    [Fact]
    public void ResizingResizesInTrainingAndInferenceAndShowsItsShape()
    {
        var inputs = new Input(shape: [4, 6, 3]);
        var model = new Model(inputs, new Resizing(8, 3).Call(inputs));
        Tensor x = Tensor.Uniform([2, 4, 6, 3], seed: 3);
        Assert.Equal(Ops.Resize(x, 8, 3).ToArray<float>(), model.Predict(x, verbose: 0).ToArray<float>());
        var text = new StringWriter();
        model.Summary(text);
        Assert.Contains("(None, 8, 3, 3)", text.ToString());
    }

    [Fact]
    public void AModelWithEveryAugmentationTrainsCompiledAsEagerlyAndRoundTrips()
    {
        float[][] compiled = Train(compile: true, out Model model), eager = Train(compile: false, out _);
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], compiled[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Tensor x = Tensor.Uniform([3, 10, 10, 1], seed: 8);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
        var zoom = (RandomZoom)loaded.Layers.Single(l => l is RandomZoom);
        Assert.Equal((-0.2, 0.2), zoom.HeightFactor);
        Assert.Equal("nearest", zoom.FillMode);
    }

    private static float[][] Train(bool compile, out Model model)
    {
        Strata.Random.SetSeed(9);
        var inputs = new Input(shape: [10, 10, 1]);
        SymbolicTensor x = new RandomRotation(0.1, seed: 1).Call(inputs);
        x = new RandomZoom(0.2, fillMode: "nearest", seed: 2).Call(x);
        x = new RandomTranslation((-0.1, 0.1), (-0.2, 0.1), fillMode: "constant", seed: 3).Call(x);
        x = new Conv2D(4, 3, activation: "relu").Call(x);
        SymbolicTensor output = new Dense(2, activation: "softmax").Call(new GlobalAveragePooling2D().Call(x));
        model = new Model(inputs, output) { CompilationEnabled = compile };
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        model.Fit(Tensor.Uniform([32, 10, 10, 1], seed: 4), CompiledStepTests.Labels(32, 2), epochs: 3, batchSize: 8, shuffle: false, verbose: 0);
        if (compile) Assert.NotEmpty(model.TrainStepFunction!.Executables);
        return model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
    }
}
