using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Convolution;

namespace Strata.Tests.Sequences;

public class BidirectionalTests
{
    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    [InlineData("mul")]
    [InlineData("ave")]
    public void MergesTheForwardRunWithTheBackwardRunPutBackInOrder(string mode)
    {
        var both = new Bidirectional(new LSTM(3, returnSequences: true), mergeMode: mode);
        Tensor x = Tensor.Uniform([2, 4, 5], -1f, 1f, seed: 3);
        float[] y = both.Call(x).ToArray<float>();
        Assert.True(both.Backward.GoBackwards);
        Assert.False(both.Forward.GoBackwards);
        Assert.Equal("backward_" + both.Forward.Name, both.Backward.Name);
        float[] f = both.Forward.Call(x).ToArray<float>(), b = both.Backward.Call(x).ToArray<float>();
        for (int n = 0; n < 2; n++)
            for (int t = 0; t < 4; t++)
                for (int k = 0; k < 3; k++)
                {
                    float forward = f[(((n * 4) + t) * 3) + k], backward = b[(((n * 4) + (3 - t)) * 3) + k]; // the backward run's step 3 - t saw input t
                    if (mode == "concat")
                    {
                        Assert.Equal(forward, y[(((n * 4) + t) * 6) + k]);
                        Assert.Equal(backward, y[(((n * 4) + t) * 6) + 3 + k]);
                    }
                    else
                    {
                        float expected = mode switch { "sum" => forward + backward, "mul" => forward * backward, _ => (forward + backward) * 0.5f };
                        Assert.Equal(expected, y[(((n * 4) + t) * 3) + k], 1e-6f);
                    }
                }
        GradientCheck.Check(t => both.Call(t[0]), x);
    }

    [Fact]
    public void TwiceTheParametersSavedAndLoaded()
    {
        var input = new Input(shape: [6, 4]);
        var model = new Model(input, new Bidirectional(new GRU(5)).Call(input));
        Assert.Equal(2 * 3 * ((4 * 5) + (5 * 5) + (2 * 5)), model.CountParams());
        Assert.Equal([-1, 10], model.Layers[^1].OutputDims!);
        Tensor x = Tensor.Uniform([3, 6, 4], seed: 4);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), RoundTrip.SaveAndLoad(model).Predict(x, verbose: 0).ToArray<float>());
        Assert.Contains("mergeMode", Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), mergeMode: "max")).Message);
    }
}
