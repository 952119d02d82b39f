using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Compilation;

namespace Strata.Tests.Convolution;

/// <summary>Depthwise and separable convolutions against the direct definition, finite differences, and Keras's parameter counts.</summary>
public class DepthwiseTests
{
    [Theory]
    [InlineData(1, "valid", 1, 1)]
    [InlineData(2, "same", 2, 1)]
    [InlineData(1, "same", 1, 2)]
    public void DepthwiseConvolutionMatchesTheDirectDefinition(int stride, string padding, int multiplier, int dilation)
    {
        Tensor x = Tensor.Uniform([2, 7, 6, 3], -1f, 1f, seed: 1), k = Tensor.Uniform([3, 3, 3, multiplier], -1f, 1f, seed: 2);
        Tensor y = Ops.DepthwiseConv(x, k, stride, padding, dilation);
        float[] xs = x.ToArray<float>(), ks = k.ToArray<float>(), ys = y.ToArray<float>();
        int span = (2 * dilation) + 1;
        (int oh, int pt) = Axis(7, span, stride, padding);
        (int ow, int pl) = Axis(6, span, stride, padding);
        Assert.Equal(new Shape(2, oh, ow, 3 * multiplier), y.Shape);
        for (int n = 0; n < 2; n++)
            for (int p = 0; p < oh; p++)
                for (int q = 0; q < ow; q++)
                    for (int c = 0; c < 3; c++)
                        for (int m = 0; m < multiplier; m++)
                        {
                            double sum = 0;
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++)
                                {
                                    int r = (p * stride) - pt + (i * dilation), col = (q * stride) - pl + (j * dilation);
                                    if (r >= 0 && r < 7 && col >= 0 && col < 6) sum += xs[(((n * 7) + r) * 6 + col) * 3 + c] * ks[(((i * 3) + j) * 3 + c) * multiplier + m];
                                }
                            Assert.Equal((float)sum, ys[((((n * oh) + p) * ow + q) * 3 * multiplier) + (c * multiplier) + m], 1e-5f);
                        }
        GradientCheck.Check(t => Ops.DepthwiseConv(t[0], t[1], stride, padding, dilation), Tensor.Uniform([1, 5, 5, 2], -1f, 1f, seed: 3), Tensor.Uniform([3, 3, 2, multiplier], -1f, 1f, seed: 4));
    }

    [Theory]
    [InlineData(1, "same", 1, 1)]
    [InlineData(2, "valid", 2, 1)]
    [InlineData(1, "same", 1, 2)]
    public void TheVectorPathsOfTwentySevenChannelsMatchTheDirectDefinitionAndFiniteDifferences(int stride, string padding, int multiplier, int dilation)
    {
        // 27 channels: a 16-wide block, an 8-wide block and 3 scalar channels.
        Tensor x = Tensor.Uniform([3, 6, 5, 27], -1f, 1f, seed: 5), k = Tensor.Uniform([3, 3, 27, multiplier], -1f, 1f, seed: 6);
        float[] xs = x.ToArray<float>(), ks = k.ToArray<float>(), ys = Ops.DepthwiseConv(x, k, stride, padding, dilation).ToArray<float>();
        int span = (2 * dilation) + 1, channels = 27 * multiplier;
        (int oh, int pt) = Axis(6, span, stride, padding);
        (int ow, int pl) = Axis(5, span, stride, padding);
        Assert.Equal(3 * oh * ow * channels, ys.Length);
        for (int o = 0; o < ys.Length; o++)
        {
            int q = o % channels, c = q / multiplier, m = q % multiplier, pos = o / channels, n = pos / (oh * ow), p = pos / ow % oh, col0 = pos % ow;
            double sum = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    int r = (p * stride) - pt + (i * dilation), col = (col0 * stride) - pl + (j * dilation);
                    if (r >= 0 && r < 6 && col >= 0 && col < 5) sum += xs[(((n * 6) + r) * 5 + col) * 27 + c] * ks[(((i * 3) + j) * 27 + c) * multiplier + m];
                }
            Assert.Equal((float)sum, ys[o], 1e-5f);
        }
        GradientCheck.Check(t => Ops.DepthwiseConv(t[0], t[1], stride, padding, dilation), Tensor.Uniform([2, 4, 4, 27], -1f, 1f, seed: 7), Tensor.Uniform([3, 3, 27, multiplier], -1f, 1f, seed: 8));
    }

    [Fact]
    public void OneAndTwoThreadsGiveBitIdenticalDepthwiseResultsAndGradients()
    {
        Tensor x = Tensor.Uniform([64, 14, 14, 32], -1f, 1f, seed: 9), k = Tensor.Uniform([3, 3, 32, 1], -1f, 1f, seed: 10);
        Tensor u = Tensor.Uniform([64, 14, 14, 32], -1f, 1f, seed: 11);
        float[][] Run(int threads) => Kernels.WithThreads.Run<float[][]>(threads, () =>
        {
            var vx = new Variable(x);
            var vk = new Variable(k);
            using var tape = new GradientTape();
            Tensor y = Ops.DepthwiseConv(vx, vk, padding: "same");
            Tensor[] grads = tape.Gradient(Ops.Sum(y * u), [vx, vk]);
            return [y.ToArray<float>(), grads[0].ToArray<float>(), grads[1].ToArray<float>()];
        });
        float[][] one = Run(1), two = Run(2);
        for (int i = 0; i < 3; i++) Assert.Equal(one[i], two[i]);
    }

    [Fact]
    public void SeparableAndDepthwiseLayersHaveKerasParameterCountsAndTrainCompiled()
    {
        float[][] Train(bool compile)
        {
            Strata.Random.SetSeed(8);
            var inputs = new Input(shape: [8, 8, 32]);
            SymbolicTensor x = new SeparableConv2D(64, 3, padding: "same", useBias: false).Call(inputs);
            x = new DepthwiseConv2D(3, depthMultiplier: 2, activation: "relu").Call(x);
            var model = new Model(inputs, new Dense(2, activation: "softmax").Call(new GlobalAveragePooling2D().Call(x))) { CompilationEnabled = compile };
            Assert.Equal([2336, 1280], model.Layers.Where(l => l is SeparableConv2D or DepthwiseConv2D).Select(l => l.CountParams()).ToArray()); // 3·3·32 + 32·64; 3·3·64·2 + 128
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
            model.Fit(Tensor.Uniform([12, 8, 8, 32], seed: 9), CompiledStepTests.Labels(12, 2), epochs: 3, batchSize: 4, shuffle: false, verbose: 0);
            Model loaded = RoundTrip.SaveAndLoad(model);
            Assert.Equal(model.Predict(Tensor.Uniform([2, 8, 8, 32], seed: 10), verbose: 0).ToArray<float>(), loaded.Predict(Tensor.Uniform([2, 8, 8, 32], seed: 10), verbose: 0).ToArray<float>());
            return model.GetWeights().Select(w => w.ToArray<float>()).ToArray();
        }
        float[][] compiled = Train(compile: true), eager = Train(compile: false);
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], compiled[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    private static (int Out, int Before) Axis(int size, int span, int s, string padding)
    {
        if (padding == "valid") return (((size - span) / s) + 1, 0);
        int outSize = (size + s - 1) / s;
        return (outSize, Math.Max(((outSize - 1) * s) + span - size, 0) / 2);
    }
}
