using Strata.Layers;
using Strata.Tests.Compilation;

namespace Strata.Tests.Convolution;

/// <summary>SpatialDropout2D and RandomFlip: identity in inference, seeded draws of the right granularity in training, and compiled steps that draw anew.</summary>
public class RandomLayerTests
{
    [Fact]
    public void SpatialDropoutDropsWholeFeatureMaps()
    {
        Tensor x = Tensor.Uniform([16, 4, 5, 6], 1f, 2f, seed: 1);
        var layer = new SpatialDropout2D(0.5f, seed: 3);
        Assert.Same(x, layer.Call(x, training: false));
        float[] xs = x.ToArray<float>(), ys = layer.Call(x, training: true).ToArray<float>();
        int dropped = 0;
        for (int n = 0; n < 16; n++)
            for (int c = 0; c < 6; c++)
            {
                // Every position of map (n, c) is dropped, or every one is kept and doubled.
                var ratios = Enumerable.Range(0, 20).Select(p => ys[(((n * 20) + p) * 6) + c] / xs[(((n * 20) + p) * 6) + c]).Distinct().ToArray();
                float ratio = Assert.Single(ratios);
                Assert.True(ratio is 0f or 2f, $"map ({n}, {c}) scaled by {ratio}");
                if (ratio == 0f) dropped++;
            }
        Assert.InRange(dropped, 24, 72); // of 96 maps, about half
        Assert.Equal(ys, new SpatialDropout2D(0.5f, seed: 3).Call(x, training: true).ToArray<float>());
    }

    [Fact]
    public void RandomFlipMirrorsSomeImagesInTrainingOnly()
    {
        Tensor x = Tensor.Uniform([40, 3, 4, 2], seed: 2);
        var layer = new RandomFlip("horizontal", seed: 5);
        Assert.Same(x, layer.Call(x, training: false));
        Tensor y = layer.Call(x, training: true);
        Tensor mirrored = Ops.Take(x, [3, 2, 1, 0], axis: 2);
        int flipped = 0;
        for (int n = 0; n < 40; n++)
        {
            float[] image = y[n].ToArray<float>();
            if (image.SequenceEqual(mirrored[n].ToArray<float>())) flipped++;
            else Assert.Equal(x[n].ToArray<float>(), image);
        }
        Assert.InRange(flipped, 8, 32);
        Assert.Equal(y.ToArray<float>(), new RandomFlip("horizontal", seed: 5).Call(x, training: true).ToArray<float>());
    }

    [Fact]
    public void ACompiledStepDrawsNewFlipsAndMasksOnEveryReplay()
    {
        // Two models with fresh layers and the same seeds, trained compiled and eagerly: the same draws, step after step.
        float[][] compiled = Train(compile: true), eager = Train(compile: false);
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], compiled[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    private static float[][] Train(bool compile)
    {
        Strata.Random.SetSeed(9);
        var inputs = new Input(shape: [6, 6, 1]);
        SymbolicTensor x = new RandomFlip(seed: 1).Call(inputs);
        x = new Conv2D(4, 3, activation: "relu").Call(x);
        x = new SpatialDropout2D(0.3f, seed: 2).Call(x);
        SymbolicTensor output = new Dense(2, activation: "softmax").Call(new GlobalAveragePooling2D().Call(x));
        var model = new Model(inputs, output) { CompilationEnabled = compile };
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        model.Fit(Tensor.Uniform([32, 6, 6, 1], seed: 4), CompiledStepTests.Labels(32, 2), epochs: 3, batchSize: 8, shuffle: false, verbose: 0);
        if (compile) Assert.NotEmpty(model.TrainStepFunction!.Executables);
        return model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
    }
}

/// <summary>RandomContrast and CenterCrop against Keras's definitions.</summary>
public class ContrastAndCropTests
{
    [Fact]
    public void RandomContrastScalesAroundEachImagesChannelMeansWithinTheFactor()
    {
        Tensor x = Tensor.Uniform([12, 4, 5, 3], 50f, 200f, seed: 1);
        var layer = new RandomContrast(0.4f, seed: 2);
        Assert.Same(x, layer.Call(x, training: false));
        Tensor y = layer.Call(x, training: true);
        for (int n = 0; n < 12; n++)
        {
            // Each image has one factor f: y − mean = f · (x − mean) for every pixel and channel (nothing reaches the clip here).
            float[] xi = x[n].ToArray<float>(), yi = y[n].ToArray<float>(), mean = Ops.Mean(x[n], [0, 1]).ToArray<float>();
            float factor = (yi[0] - mean[0]) / (xi[0] - mean[0]);
            Assert.InRange(factor, 0.6f - 1e-4f, 1.4f + 1e-4f);
            for (int i = 0; i < xi.Length; i++) Assert.Equal(mean[i % 3] + (factor * (xi[i] - mean[i % 3])), yi[i], 1e-2f);
        }
        Tensor bright = Tensor.Full([1, 2, 2, 1], 250f) + Tensor.FromArray(new float[] { -200, 0, 0, 0 }, 1, 2, 2, 1);
        Assert.All(new RandomContrast(1f, seed: 3).Call(bright, training: true).ToArray<float>(), v => Assert.InRange(v, 0f, 255f));
    }

    [Fact]
    public void CenterCropTakesTheMiddle()
    {
        Tensor x = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 1, 4, 5, 1);
        Tensor y = new CenterCrop(2, 3).Call(x);
        Assert.Equal(new Shape(1, 2, 3, 1), y.Shape);
        Assert.Equal(new float[] { 6, 7, 8, 11, 12, 13 }, y.ToArray<float>());
    }

    [Fact]
    public void CenterCropResizesAnImageSmallerThanTheTargetFromItsLargestSquare()
    {
        // 4x5 to 5x5: the central 4x4 window (columns 0-3), resized 4 -> 5: output o reads (o + 0.5) · 0.8 - 0.5,
        // clamped: 0, 0.7, 1.5, 2.3, 3.
        Tensor x = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 1, 4, 5, 1);
        Tensor y = new CenterCrop(5, 5).Call(x);
        float[] r = [0, 0.7f, 1.5f, 2.3f, 3];
        Assert.Equal(new Shape(1, 5, 5, 1), y.Shape);
        Assert.Equal(r.SelectMany(ry => r.Select(rx => (5 * ry) + rx)).ToArray(), y.ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }
}
