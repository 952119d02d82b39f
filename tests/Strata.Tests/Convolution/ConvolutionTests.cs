using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Compilation;

namespace Strata.Tests.Convolution;

/// <summary>Ops.Conv and Ops.MaxPool against a direct loop written from Keras's definitions, and their gradients against finite differences.</summary>
public class ConvolutionTests
{
    [Fact]
    public void AHandComputedConvolution()
    {
        Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 1, 3, 3, 1);
        Tensor k = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 2, 2, 1, 1);
        Tensor y = Ops.Conv(x, k);
        Assert.Equal(new Shape(1, 2, 2, 1), y.Shape);
        Assert.Equal(new float[] { 6, 8, 12, 14 }, y.ToArray<float>());
    }

    public static TheoryData<int, int, int, int, int, string, int> Cases => new()
    {
        // height, width, channels, kernel, stride, padding, dilation
        { 7, 6, 3, 3, 1, "valid", 1 },
        { 7, 6, 2, 3, 2, "valid", 1 },
        { 7, 6, 2, 3, 2, "same", 1 },   // odd height, even width: padding split differently
        { 8, 8, 2, 2, 2, "same", 1 },   // even kernel
        { 5, 7, 2, 4, 3, "same", 1 },
        { 9, 8, 2, 3, 1, "valid", 2 },
        { 6, 5, 1, 3, 1, "same", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConvolutionMatchesTheDirectDefinition(int h, int w, int c, int kernel, int stride, string padding, int dilation)
    {
        Tensor x = Tensor.Uniform([2, h, w, c], -1f, 1f, seed: 1), k = Tensor.Uniform([kernel, kernel, c, 4], -1f, 1f, seed: 2);
        Tensor y = Ops.Conv(x, k, stride, padding, dilation);
        (float[] expected, int[] shape) = Direct(x, k, stride, padding, dilation);
        Assert.Equal(shape, y.Shape.ToArray());
        float[] actual = y.ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConvolutionGradientsMatchFiniteDifferences(int h, int w, int c, int kernel, int stride, string padding, int dilation)
    {
        Tensor x = Tensor.Uniform([1, h, w, c], -1f, 1f, seed: 3), k = Tensor.Uniform([kernel, kernel, c, 2], -1f, 1f, seed: 4);
        GradientCheck.Check(t => Ops.Conv(t[0], t[1], stride, padding, dilation), x, k);
    }

    [Theory]
    [InlineData(2, 1, "valid")]
    [InlineData(3, 2, "same")]
    public void AGroupedConvolutionConvolvesEachGroupOfChannelsWithItsOwnFilters(int groups, int stride, string padding)
    {
        // 6 channels and 6 filters in groups: filters [g·F/G, (g+1)·F/G) see only channels [g·C/G, (g+1)·C/G).
        int cg = 6 / groups, fg = 6 / groups;
        Tensor x = Tensor.Uniform([2, 6, 5, 6], -1f, 1f, seed: 11), k = Tensor.Uniform([3, 3, cg, 6], -1f, 1f, seed: 12);
        float[] y = Ops.Conv(x, k, stride, padding, groups: groups).ToArray<float>();
        var parts = new List<float[]>();
        int outputs = 0;
        for (int g = 0; g < groups; g++)
        {
            (float[] part, int[] shape) = Direct(x[.., .., .., (g * cg)..((g + 1) * cg)], k[.., .., .., (g * fg)..((g + 1) * fg)], stride, padding, 1);
            parts.Add(part);
            outputs = shape[0] * shape[1] * shape[2];
        }
        for (int o = 0; o < outputs; o++)
            for (int f = 0; f < 6; f++) Assert.Equal(parts[f / fg][(o * fg) + (f % fg)], y[(o * 6) + f], 1e-5f);
        GradientCheck.Check(t => Ops.Conv(t[0], t[1], stride, padding, groups: groups), Tensor.Uniform([1, 5, 4, 6], -1f, 1f, seed: 13), Tensor.Uniform([3, 3, cg, 6], -1f, 1f, seed: 14));
    }

    [Fact]
    public void AGroupedConv2DHasKerasParameterCountAndRefusesGroupsThatDoNotDivide()
    {
        var layer = new Conv2D(6, 3, groups: 2);
        layer.Call(Tensor.Zeros(1, 5, 5, 4));
        Assert.Equal(new Shape(3, 3, 2, 6), layer.Kernel.Shape);
        Assert.Equal(114, layer.Weights.Sum(w => w.Size)); // Keras: (3·3·2)·6 + 6
        Assert.Contains("groups", Assert.Throws<ArgumentException>(() => new Conv2D(6, 3, groups: 4)).Message);
        Assert.Contains("groups (2) must divide the input's 3 channels", Assert.Throws<ArgumentException>(() => new Conv2D(6, 3, groups: 2).Call(Tensor.Zeros(1, 5, 5, 3))).Message);
        var input = new Input([5, 5, 4]);
        var loaded = (Conv2D)RoundTrip.SaveAndLoad(new Model(input, new Conv2D(6, 3, groups: 2).Call(input))).Layers.Single(l => l is Conv2D);
        Assert.Equal(2, loaded.Groups);
    }

    [Fact]
    public void AWindowLongerThanOneGemmBlockIsCutMidTapAndStillExact()
    {
        // 3·3·130 = 1170 window values: the implicit GEMM packs them in two blocks of k (585 each), the cut falling
        // inside a tap's run of channels; the kernel's gradient sums 2·4·4 = 32 positions, with 2 threads too.
        Tensor x = Tensor.Uniform([2, 6, 6, 130], -1f, 1f, seed: 15), k = Tensor.Uniform([3, 3, 130, 5], -1f, 1f, seed: 16);
        (float[] expected, int[] shape) = Direct(x, k, 1, "valid", 1);
        float[] y = Ops.Conv(x, k).ToArray<float>();
        Assert.Equal(shape, new[] { 2, 4, 4, 5 });
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y[i], 1e-4f);

        // The kernel's gradient for an upstream gradient u: Σ over positions of the window's values times u.
        Tensor u = Tensor.Uniform([2, 4, 4, 5], -1f, 1f, seed: 17);
        var vk = new Variable(k);
        float[][] Gradients(int threads) => Kernels.WithThreads.Run<float[][]>(threads, () =>
        {
            var vx = new Variable(x);
            using var tape = new GradientTape();
            Tensor[] grads = tape.Gradient(Ops.Sum(Ops.Conv(vx, vk) * u), [vx, vk]);
            return [grads[0].ToArray<float>(), grads[1].ToArray<float>()];
        });
        float[][] one = Gradients(1), two = Gradients(2);
        Assert.Equal(one[0], two[0]);
        Assert.Equal(one[1], two[1]);
        float[] xs = x.ToArray<float>(), us = u.ToArray<float>();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int c = 0; c < 130; c += 43)
                    for (int f = 0; f < 5; f++)
                    {
                        double sum = 0;
                        for (int n = 0; n < 2; n++)
                            for (int p = 0; p < 4; p++)
                                for (int q = 0; q < 4; q++) sum += xs[((((n * 6) + p + i) * 6) + q + j) * 130 + c] * us[((((n * 4) + p) * 4) + q) * 5 + f];
                        Assert.Equal((float)sum, one[1][((((i * 3) + j) * 130) + c) * 5 + f], 1e-4f);
                    }
    }

    [Fact]
    public void AFirstLayerOnGrayscaleImagesTakesTheDirectPathWithTheSameResults()
    {
        // 3·3·1 = 9 window values: the direct small-window path, forward (bias and ReLU fused by a compiled step)
        // and the kernel's gradient over 64 images, the same bits for 1 and 2 threads and the direct definition's values.
        Tensor x = Tensor.Uniform([64, 12, 12, 1], -1f, 1f, seed: 19), k = Tensor.Uniform([3, 3, 1, 20], -1f, 1f, seed: 20);
        Tensor u = Tensor.Uniform([64, 10, 10, 20], -1f, 1f, seed: 21);
        var vk = new Variable(k);
        float[][] Run(int threads) => Kernels.WithThreads.Run<float[][]>(threads, () =>
        {
            using var tape = new GradientTape();
            Tensor y = Ops.Conv(x, vk);
            return [y.ToArray<float>(), tape.Gradient(Ops.Sum(y * u), [vk])[0].ToArray<float>()];
        });
        float[][] one = Run(1), two = Run(2);
        Assert.Equal(one[0], two[0]);
        Assert.Equal(one[1], two[1]);
        (float[] expected, _) = Direct(x, k, 1, "valid", 1);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], one[0][i], 1e-5f);
        float[] xs = x.ToArray<float>(), us = u.ToArray<float>();
        for (int tap = 0; tap < 9; tap++)
            for (int f = 0; f < 20; f += 7)
            {
                double sum = 0;
                for (int n = 0; n < 64; n++)
                    for (int p = 0; p < 10; p++)
                        for (int q = 0; q < 10; q++) sum += xs[(((n * 12) + p + (tap / 3)) * 12) + q + (tap % 3)] * us[((((n * 10) + p) * 10) + q) * 20 + f];
                Assert.Equal((float)sum, one[1][(tap * 20) + f], 2e-3f);
            }
    }

    [Theory]
    [InlineData(1, "same")]
    [InlineData(2, "valid")]
    public void TheDirectPathHandlesPaddingStridesAndAShortLastTile(int strides, string padding)
    {
        // 3·7·7 = 147 positions with "same" (not a whole number of the forward's 4-position tiles, windows in the
        // padding) and 3·3·3 = 27 strided; 11 filters: a vector of them and a remainder.
        Tensor x = Tensor.Uniform([3, 7, 7, 1], -1f, 1f, seed: 22), k = Tensor.Uniform([3, 3, 1, 11], -1f, 1f, seed: 23);
        (float[] expected, int[] shape) = Direct(x, k, strides, padding, 1);
        Tensor y = Ops.Conv(x, k, strides, padding);
        Assert.Equal(shape, y.Shape.ToArray());
        float[] ys = y.ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], ys[i], 1e-5f);
        GradientCheck.Check(t => Ops.Conv(t[0], t[1], strides, padding), x, k);
    }

    [Fact]
    public void PoolingSplitOverThreadsByImagesGivesTheSameBits()
    {
        Tensor x = Tensor.Uniform([64, 26, 26, 32], -1f, 1f, seed: 18);
        float[][] Run(int threads) => Kernels.WithThreads.Run<float[][]>(threads, () =>
        {
            var vx = new Variable(x);
            using var tape = new GradientTape();
            Tensor max = Ops.MaxPool(vx, 2), mean = Ops.AveragePool(vx, 3, 2, "same");
            Tensor grad = tape.Gradient(Ops.Sum(Ops.Square(max)) + Ops.Sum(Ops.Square(mean)), [vx])[0];
            return [max.ToArray<float>(), mean.ToArray<float>(), grad.ToArray<float>()];
        });
        float[][] one = Run(1), two = Run(2);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
        // And the split is right: the last image's first output is the maximum of its first window.
        float[] xs = x.ToArray<float>();
        int last = 63 * 26 * 26 * 32;
        float expected = new[] { xs[last], xs[last + 32], xs[last + (26 * 32)], xs[last + (27 * 32)] }.Max();
        Assert.Equal(expected, one[0][63 * 13 * 13 * 32]);
    }

    [Fact]
    public void SecondOrderGradientsOfAConvolutionMatchFiniteDifferences()
    {
        // The gradient ops are themselves differentiable: d/dk of sum(dL/dx · w).
        Tensor x = Tensor.Uniform([1, 5, 5, 2], -1f, 1f, seed: 5), k = Tensor.Uniform([3, 3, 2, 2], -1f, 1f, seed: 6);
        GradientCheck.Check(t =>
        {
            using var inner = new GradientTape();
            inner.Watch(t[0]);
            Tensor y = Ops.Conv(t[0], t[1], 2, "same");
            return inner.Gradient(Ops.Sum(Ops.Square(y)), t[0]);
        }, x, k);
    }

    [Theory]
    [InlineData(2, 2, "valid")]
    [InlineData(3, 2, "valid")]
    [InlineData(3, 2, "same")]
    [InlineData(2, 1, "same")]
    public void MaxPoolingMatchesTheDirectDefinitionAndFiniteDifferences(int pool, int stride, string padding)
    {
        // Distinct values 1/28 apart (a permutation), so each window has one winner that a finite difference of
        // ±0.01 does not change, and small enough that the float32 loss resolves that difference.
        float[] values = Enumerable.Range(0, 7 * 6 * 2).Select(i => (float)((i * 37) % 84) / 28f).ToArray();
        Tensor x = Tensor.FromArray(values, 1, 7, 6, 2);
        Tensor y = Ops.MaxPool(x, pool, stride, padding);
        (float[] expected, int[] shape) = DirectMaxPool(x, pool, stride, padding);
        Assert.Equal(shape, y.Shape.ToArray());
        Assert.Equal(expected, y.ToArray<float>());
        GradientCheck.Check(t => Ops.MaxPool(t[0], pool, stride, padding), x);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void TiledMaxPoolingGivesEachGradientToTheFirstLargestOfItsWindow(int pool, int images)
    {
        // Keras's default pooling (strides = pool, "valid"): windows side by side, rows and columns left over
        // (9 rows, 7 columns), 19 channels (vectors and a remainder), and ReLU-like ties at zero.
        const int h = 9, w = 7, c = 19;
        float[] values = Tensor.Uniform([images, h, w, c], -1f, 1f, seed: 5).ToArray<float>().Select(v => v < 0 ? 0f : MathF.Round(v * 4) / 4).ToArray();
        Tensor x = Tensor.FromArray(values, images, h, w, c);
        Tensor gy = Tensor.Uniform([images, h / pool, w / pool, c], 1f, 2f, seed: 6);
        Tensor dx;
        Tensor y;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            y = Ops.MaxPool(x, pool);
            dx = tape.Gradient(Ops.Sum(y * gy), x);
        }
        (float[] expected, int[] shape) = DirectMaxPool(x, pool, pool, "valid");
        Assert.Equal(shape, y.Shape.ToArray());
        Assert.Equal(expected, y.ToArray<float>());
        float[] g = gy.ToArray<float>(), direct = new float[values.Length];
        for (int b = 0; b < images; b++)
            for (int p = 0; p < h / pool; p++)
                for (int q = 0; q < w / pool; q++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        int winner = -1;
                        for (int i = 0; i < pool; i++)
                            for (int j = 0; j < pool; j++)
                            {
                                int at = ((((b * h) + (p * pool) + i) * w) + (q * pool) + j) * c + ch;
                                if (winner < 0 || values[at] > values[winner]) winner = at;
                            }
                        direct[winner] = g[((((b * (h / pool)) + p) * (w / pool)) + q) * c + ch];
                    }
        Assert.Equal(direct, dx.ToArray<float>());
    }

    [Theory]
    [InlineData(2, 2, "valid")]
    [InlineData(3, 2, "same")]
    [InlineData(2, 1, "same")]
    public void AveragePoolingMatchesTheDirectDefinitionAndFiniteDifferences(int pool, int stride, string padding)
    {
        Tensor x = Tensor.Uniform([2, 7, 6, 3], -1f, 1f, seed: 8);
        Tensor y = Ops.AveragePool(x, pool, stride, padding);
        float[] xs = x.ToArray<float>(), ys = y.ToArray<float>();
        (int oh, int pt) = OutSize(7, pool, stride, padding);
        (int ow, int pl) = OutSize(6, pool, stride, padding);
        Assert.Equal(new Shape(2, oh, ow, 3), y.Shape);
        for (int b = 0; b < 2; b++)
            for (int p = 0; p < oh; p++)
                for (int q = 0; q < ow; q++)
                    for (int ch = 0; ch < 3; ch++)
                    {
                        double sum = 0;
                        int count = 0; // "same" windows average only the positions inside the image, as TensorFlow does
                        for (int i = 0; i < pool; i++)
                            for (int j = 0; j < pool; j++)
                            {
                                int r = (p * stride) - pt + i, col = (q * stride) - pl + j;
                                if (r < 0 || r >= 7 || col < 0 || col >= 6) continue;
                                sum += xs[(((b * 7) + r) * 6 + col) * 3 + ch];
                                count++;
                            }
                        Assert.Equal((float)(sum / count), ys[(((b * oh) + p) * ow + q) * 3 + ch], 1e-5f);
                    }
        GradientCheck.Check(t => Ops.AveragePool(t[0], pool, stride, padding), x);
        Tensor steps = x.Reshape(2, 42, 3);
        Assert.Equal(new Shape(2, 21, 3), new AveragePooling1D().Call(steps).Shape);
    }

    [Fact]
    public void WrongShapesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(1, 5, 5, 3), Tensor.Zeros(3, 3, 2, 4)));
        Assert.Contains("3 channels", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ops.Conv(Tensor.Zeros(1, 2, 2, 1), Tensor.Zeros(3, 3, 1, 1)));
        Assert.Contains("smaller than the window", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ops.MaxPool(Tensor.Zeros(4, 4), 2));
        Assert.Contains("(batch, height, width, channels)", e.Message);
    }

    /// <summary>The book's first convnet: Keras's output shapes and parameter counts (its summary: 104,202 parameters).</summary>
    [Fact]
    public void TheBooksFirstConvnetHasKerasShapesAndParameterCounts()
    {
        Model model = FirstConvnet();
        int[][] shapes = model.Layers.Select(l => l.OutputDims!).ToArray();
        Assert.Equal([-1, 26, 26, 32], shapes[0]);
        Assert.Equal([-1, 13, 13, 32], shapes[1]);
        Assert.Equal([-1, 11, 11, 64], shapes[2]);
        Assert.Equal([-1, 5, 5, 64], shapes[3]);
        Assert.Equal([-1, 3, 3, 128], shapes[4]);
        Assert.Equal([-1, 1152], shapes[5]);
        Assert.Equal([320, 0, 18496, 0, 73856, 0, 11530], model.Layers.Select(l => l.CountParams()).ToArray());
        Assert.Equal(104202, model.CountParams());
    }

    /// <summary>A residual convnet trained compiled and eagerly: the same losses and weights.</summary>
    [Fact]
    public void ACompiledResidualConvnetMatchesTheEagerOne()
    {
        (float[] compiledLosses, float[][] compiled, Model model) = TrainResidual(compile: true);
        (float[] eagerLosses, float[][] eager, _) = TrainResidual(compile: false);
        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        Assert.Equal(eagerLosses, compiledLosses, (a, b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1f, Math.Abs(a)));
        for (int i = 0; i < eager.Length; i++) Assert.Equal(eager[i], compiled[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public void AConvnetSavesAndLoadsWithItsPredictions()
    {
        Model model = FirstConvnet();
        Tensor x = Tensor.Uniform([3, 28, 28, 1], seed: 9);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), loaded.Predict(x, verbose: 0).ToArray<float>());
    }

    private static Model FirstConvnet()
    {
        var inputs = new Input(shape: [28, 28, 1]);
        SymbolicTensor x = new Conv2D(filters: 32, kernelSize: 3, activation: "relu").Call(inputs);
        x = new MaxPooling2D(poolSize: 2).Call(x);
        x = new Conv2D(64, 3, activation: "relu").Call(x);
        x = new MaxPooling2D(2).Call(x);
        x = new Conv2D(128, 3, activation: "relu").Call(x);
        x = new Flatten().Call(x);
        return new Model(inputs, new Dense(10, activation: "softmax").Call(x));
    }

    private static (float[] Losses, float[][] Weights, Model Model) TrainResidual(bool compile)
    {
        Strata.Random.SetSeed(4);
        var inputs = new Input(shape: [10, 10, 2]);
        SymbolicTensor h = new Conv2D(8, 3, padding: "same", activation: "relu").Call(inputs);
        SymbolicTensor r = new Conv2D(8, 3, padding: "same", activation: "relu").Call(h);
        SymbolicTensor x = new MaxPooling2D(3, strides: 2, padding: "same").Call(new Add().Call([h, r]));
        x = new Conv2D(4, 1, strides: 2).Call(x);
        var model = new Model(inputs, new Dense(3, activation: "softmax").Call(new Flatten().Call(x))) { CompilationEnabled = compile };
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        Tensor data = Tensor.Uniform([40, 10, 10, 2], seed: 5), labels = CompiledStepTests.Labels(40, 3);
        var losses = new float[6];
        for (int i = 0; i < 6; i++) losses[i] = (float)model.TrainOnBatch(data, labels)["loss"];
        return (losses, model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), model);
    }

    /// <summary>Keras's convolution written out: out[n, oh, ow, f] = Σ x[n, oh·s − pad + i·d, ow·s − pad + j·d, c] · k[i, j, c, f].</summary>
    private static (float[] Values, int[] Shape) Direct(Tensor xt, Tensor kt, int s, string padding, int d)
    {
        int n = xt.Shape[0], h = xt.Shape[1], w = xt.Shape[2], c = xt.Shape[3], kh = kt.Shape[0], f = kt.Shape[3];
        float[] x = xt.ToArray<float>(), k = kt.ToArray<float>();
        int span = ((kh - 1) * d) + 1;
        (int oh, int pt) = OutSize(h, span, s, padding);
        (int ow, int pl) = OutSize(w, span, s, padding);
        var y = new float[n * oh * ow * f];
        for (int b = 0; b < n; b++)
            for (int p = 0; p < oh; p++)
                for (int q = 0; q < ow; q++)
                    for (int o = 0; o < f; o++)
                    {
                        double sum = 0;
                        for (int i = 0; i < kh; i++)
                            for (int j = 0; j < kh; j++)
                                for (int ch = 0; ch < c; ch++)
                                {
                                    int r = (p * s) - pt + (i * d), col = (q * s) - pl + (j * d);
                                    if (r >= 0 && r < h && col >= 0 && col < w) sum += x[(((b * h) + r) * w + col) * c + ch] * k[(((i * kh) + j) * c + ch) * f + o];
                                }
                        y[(((b * oh) + p) * ow + q) * f + o] = (float)sum;
                    }
        return (y, [n, oh, ow, f]);
    }

    private static (float[] Values, int[] Shape) DirectMaxPool(Tensor xt, int pool, int s, string padding)
    {
        int n = xt.Shape[0], h = xt.Shape[1], w = xt.Shape[2], c = xt.Shape[3];
        float[] x = xt.ToArray<float>();
        (int oh, int pt) = OutSize(h, pool, s, padding);
        (int ow, int pl) = OutSize(w, pool, s, padding);
        var y = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++)
            for (int p = 0; p < oh; p++)
                for (int q = 0; q < ow; q++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        float best = float.NegativeInfinity;
                        for (int i = 0; i < pool; i++)
                            for (int j = 0; j < pool; j++)
                            {
                                int r = (p * s) - pt + i, col = (q * s) - pl + j;
                                if (r >= 0 && r < h && col >= 0 && col < w) best = Math.Max(best, x[(((b * h) + r) * w + col) * c + ch]);
                            }
                        y[(((b * oh) + p) * ow + q) * c + ch] = best;
                    }
        return (y, [n, oh, ow, c]);
    }

    /// <summary>Keras's output size and padding before: "same" gives ceil(size / s) with the smaller half of the padding first.</summary>
    private static (int Out, int Before) OutSize(int size, int span, int s, string padding)
    {
        if (padding == "valid") return (((size - span) / s) + 1, 0);
        int outSize = (int)Math.Ceiling(size / (double)s);
        return (outSize, Math.Max(((outSize - 1) * s) + span - size, 0) / 2);
    }
}
