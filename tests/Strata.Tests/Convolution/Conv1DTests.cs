using Strata.Layers;
using Strata.Tests.Autodiff;

namespace Strata.Tests.Convolution;

/// <summary>Conv1D and MaxPooling1D against the 1-D definitions, Keras's shapes and parameter counts, and finite differences.</summary>
public class Conv1DTests
{
    [Theory]
    [InlineData(1, "valid", 1)]
    [InlineData(2, "same", 1)]
    [InlineData(1, "same", 2)]
    public void Conv1DMatchesTheDirectDefinition(int stride, string padding, int dilation)
    {
        var layer = new Conv1D(3, 4, strides: stride, padding: padding, dilationRate: dilation, biasInitializer: new Strata.Initializers.Constant(0.5f));
        Tensor x = Tensor.Uniform([2, 11, 2], -1f, 1f, seed: 1);
        Tensor y = layer.Call(x);
        float[] xs = x.ToArray<float>(), k = layer.Kernel.ToArray<float>(), ys = y.ToArray<float>();
        int span = (3 * dilation) + 1, steps = 11;
        int outSteps = padding == "valid" ? ((steps - span) / stride) + 1 : (steps + stride - 1) / stride;
        int pad = padding == "valid" ? 0 : Math.Max(((outSteps - 1) * stride) + span - steps, 0) / 2;
        Assert.Equal(new Shape(2, outSteps, 3), y.Shape);
        for (int n = 0; n < 2; n++)
            for (int t = 0; t < outSteps; t++)
                for (int f = 0; f < 3; f++)
                {
                    double sum = 0.5;
                    for (int i = 0; i < 4; i++)
                        for (int c = 0; c < 2; c++)
                        {
                            int s = (t * stride) - pad + (i * dilation);
                            if (s >= 0 && s < steps) sum += xs[(((n * steps) + s) * 2) + c] * k[(((i * 2) + c) * 3) + f];
                        }
                    Assert.Equal((float)sum, ys[(((n * outSteps) + t) * 3) + f], 1e-5f);
                }
    }

    [Fact]
    public void Conv1DGradientsMatchFiniteDifferences()
    {
        var layer = new Conv1D(2, 3, strides: 2, padding: "same", activation: "tanh");
        Tensor x = Tensor.Uniform([1, 7, 2], -1f, 1f, seed: 2);
        layer.Build(-1, 7, 2);
        GradientCheck.Check(t => layer.Call(t[0]), x);
        using var tape = new GradientTape();
        Tensor loss = Ops.Sum(Ops.Square(layer.Call(x)));
        Assert.All(tape.Gradient(loss, layer.TrainableWeights), g => Assert.Contains(g.ToArray<float>(), v => v != 0f));
    }

    [Fact]
    public void KerasShapesParameterCountsAndPooling()
    {
        var inputs = new Input(shape: [100, 8]);
        SymbolicTensor h = new Conv1D(16, 5, activation: "relu").Call(inputs);
        SymbolicTensor p = new MaxPooling1D(3).Call(h);
        var model = new Model(inputs, new GlobalMaxPooling1D().Call(p));
        Assert.Equal([-1, 96, 16], model.GetLayer(model.Layers.OfType<Conv1D>().Single().Name).OutputDims!);
        Assert.Equal([-1, 32, 16], model.Layers.OfType<MaxPooling1D>().Single().OutputDims!);
        Assert.Equal(656, model.CountParams());

        // Windows of 2 every 3 steps, "same": 7 steps give 3 windows, [0, 1], [3, 4] and [6] (one padded position after).
        Tensor steps = Tensor.FromArray(new float[] { 1, 9, 3, 4, 8, 2, 7 }, 1, 7, 1);
        Assert.Equal(new float[] { 9, 8, 7 }, new MaxPooling1D(2, padding: "same", strides: 3).Call(steps).ToArray<float>());
        Assert.Equal(new float[] { 9, 8 }, new MaxPooling1D(3).Call(steps).ToArray<float>());
    }
}
