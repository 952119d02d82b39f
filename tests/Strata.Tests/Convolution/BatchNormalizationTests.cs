using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Compilation;

namespace Strata.Tests.Convolution;

/// <summary>BatchNormalization against Keras's formulas: batch statistics and moving averages in training, moving statistics in inference.</summary>
public class BatchNormalizationTests
{
    [Fact]
    public void TrainingNormalizesWithTheBatchAndMovesTheStatistics()
    {
        Tensor x = Tensor.Uniform([4, 3, 2, 5], -2f, 3f, seed: 1);
        var bn = new BatchNormalization();
        Tensor y = bn.Call(x, training: true);

        float[] xs = x.ToArray<float>(), ys = y.ToArray<float>();
        int channels = 5, count = xs.Length / channels;
        float[] mean = new float[channels], variance = new float[channels];
        for (int i = 0; i < xs.Length; i++) mean[i % channels] += xs[i] / count;
        for (int i = 0; i < xs.Length; i++) variance[i % channels] += (xs[i] - mean[i % channels]) * (xs[i] - mean[i % channels]) / count;
        for (int i = 0; i < xs.Length; i++)
        {
            int c = i % channels;
            Assert.Equal((xs[i] - mean[c]) / MathF.Sqrt(variance[c] + 1e-3f), ys[i], 1e-4f);
        }
        float[] movingMean = bn.MovingMean.ToArray<float>(), movingVariance = bn.MovingVariance.ToArray<float>();
        for (int c = 0; c < channels; c++)
        {
            Assert.Equal(0.01f * mean[c], movingMean[c], 1e-5f);
            Assert.Equal(0.99f + (0.01f * variance[c]), movingVariance[c], 1e-5f);
        }
        Assert.Equal(["gamma", "beta", "moving_mean", "moving_variance"], bn.Weights.Select(w => w.Name.Split('/')[1]));
        Assert.Equal(2, bn.TrainableWeights.Count);
    }

    [Fact]
    public void InferenceAndAFrozenLayerUseTheMovingStatistics()
    {
        Tensor x = Tensor.Uniform([6, 4], -1f, 1f, seed: 2);
        var bn = new BatchNormalization(momentum: 0.5f);
        bn.Call(x, training: true); // moves the statistics once
        float[] movingMean = bn.MovingMean.ToArray<float>(), movingVariance = bn.MovingVariance.ToArray<float>();
        float[] expected = x.ToArray<float>().Select((v, i) => (v - movingMean[i % 4]) / MathF.Sqrt(movingVariance[i % 4] + 1e-3f)).ToArray();

        Assert.Equal(expected, bn.Call(x, training: false).ToArray<float>(), (a, b) => Math.Abs(a - b) <= 1e-5f);
        bn.Trainable = false;
        Assert.Equal(expected, bn.Call(x, training: true).ToArray<float>(), (a, b) => Math.Abs(a - b) <= 1e-5f);
        Assert.Equal(movingMean, bn.MovingMean.ToArray<float>()); // a frozen layer does not move them
    }

    [Fact]
    public void TrainingGradientsMatchFiniteDifferences()
    {
        var bn = new BatchNormalization();
        Tensor x = Tensor.Uniform([5, 3], -1f, 2f, seed: 3);
        bn.Build(-1, 3);
        bn.SetWeights([Tensor.Uniform([3], 0.5f, 1.5f, seed: 4), Tensor.Uniform([3], -1f, 1f, seed: 5), Tensor.Zeros(3), Tensor.Ones(3)]);
        GradientCheck.Check(t => bn.Call(t[0], training: true), 5e-3f, x);
    }

    [Fact]
    public void ImagesOfMoreRowsThanOneSummingBlockNormalizeAndDifferentiateExactly()
    {
        // 3·10·10 = 300 positions: the moments and the gradient's sums run over two blocks of rows.
        Tensor x = Tensor.Uniform([3, 10, 10, 4], -1f, 3f, seed: 6);
        float[] xs = x.ToArray<float>();
        Tensor moments = Ops.Moments(x);
        for (int c = 0; c < 4; c++)
        {
            double[] column = Enumerable.Range(0, 300).Select(r => (double)xs[(r * 4) + c]).ToArray();
            double mean = column.Average(), variance = column.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(mean, moments.ToArray<float>()[c], 1e-5);
            Assert.Equal(variance, moments.ToArray<float>()[4 + c], 1e-5);
        }
        var bn = new BatchNormalization();
        bn.Build(-1, 10, 10, 4);
        bn.SetWeights([Tensor.Uniform([4], 0.5f, 1.5f, seed: 7), Tensor.Uniform([4], -1f, 1f, seed: 8), Tensor.Zeros(4), Tensor.Ones(4)]);
        Tensor weights = Tensor.Uniform([3, 10, 10, 4], -1f, 1f, seed: 9); // so that the loss is not the constant Σ y
        GradientCheck.Check(t => Ops.Sum(bn.Call(t[0], training: true) * weights), 5e-3f, Tensor.Uniform([3, 10, 10, 4], -1f, 3f, seed: 10));
    }

    [Fact]
    public void ACompiledConvnetWithBatchNormalizationMatchesTheEagerOne()
    {
        (float[][] compiled, Model model) = Train(compile: true);
        (float[][] eager, _) = Train(compile: false);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], compiled[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    private static (float[][] Weights, Model Model) Train(bool compile)
    {
        Strata.Random.SetSeed(6);
        var inputs = new Input(shape: [8, 8, 2]);
        SymbolicTensor x = new Conv2D(6, 3, padding: "same", useBias: false).Call(inputs);
        x = new BatchNormalization().Call(x);
        x = new Activation("relu").Call(x);
        x = new MaxPooling2D(2).Call(x);
        var model = new Model(inputs, new Dense(3, activation: "softmax").Call(new Flatten().Call(x))) { CompilationEnabled = compile };
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy");
        model.Fit(Tensor.Uniform([48, 8, 8, 2], seed: 7), CompiledStepTests.Labels(48, 3), epochs: 2, batchSize: 12, shuffle: false, verbose: 0);
        model.Evaluate(Tensor.Uniform([12, 8, 8, 2], seed: 8), CompiledStepTests.Labels(12, 3), verbose: 0);
        return (model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), model); // moving statistics included
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AtInferenceTheNormalizationFoldsIntoTheConvolutionBeforeIt(bool useBias)
    {
        Model Build(bool compile)
        {
            Strata.Random.SetSeed(21);
            var inputs = new Input(shape: [8, 8, 3]);
            SymbolicTensor x = new Conv2D(6, 3, padding: "same", useBias: useBias).Call(inputs);
            x = new BatchNormalization().Call(x);
            x = new Activation("relu").Call(x);
            x = new Dense(5).Call(new GlobalAveragePooling2D().Call(x));
            x = new BatchNormalization(momentum: 0.5f).Call(x);
            var model = new Model(inputs, new Dense(2, activation: "softmax").Call(x)) { CompilationEnabled = compile };
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
            // A few steps, so that the moving statistics and the betas are far from their initial values.
            model.Fit(Tensor.Uniform([64, 8, 8, 3], -2, 3, seed: 22), Compilation.CompiledStepTests.Labels(64, 2), epochs: 3, batchSize: 16, shuffle: false, verbose: 0);
            return model;
        }
        Tensor x = Tensor.Uniform([10, 8, 8, 3], -2, 3, seed: 23);
        Model compiled = Build(true), eager = Build(false);
        compiled.Predict(x, verbose: 0); // the first trace; the second, agreeing, compiles
        compiled.Predict(x, verbose: 0);
        float[] expected = eager.Predict(x, verbose: 0).ToArray<float>(), actual = compiled.Predict(x, verbose: 0).ToArray<float>();
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) <= 1e-5f);
        // The convolution's product, scaled weights, then bias (the BN's shift) and ReLU in the GEMM's epilogue:
        // no pass over the activations is left for the normalization.
        Strata.Compilation.Graph graph = compiled.PredictStepFunction!.Executables.First().Graph;
        string[] kernels = graph.Nodes.Select(n => n.Kernel.Name).ToArray();
        Assert.True(kernels.Contains("Conv+Bias+Relu"), graph.ToString());
        Assert.DoesNotContain(graph.Nodes, n => n.Kernel.Name is "Multiply" or "Fused" && graph.Values[n.Output].Shape.Size >= 10 * 8 * 8 * 6);
    }
}
