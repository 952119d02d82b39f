using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Convolution;

namespace Strata.Tests.Sequences;

public class TimeDistributedTests
{
    [Fact]
    public void AppliesOneLayerToEveryStep()
    {
        var dense = new Dense(3, activation: "tanh");
        var each = new TimeDistributed(dense);
        Tensor x = Tensor.Uniform([2, 4, 5], -1f, 1f, seed: 1);
        Tensor y = each.Call(x);
        Assert.Equal(new Shape(2, 4, 3), y.Shape);
        float[] ys = y.ToArray<float>();
        for (int n = 0; n < 2; n++)
            for (int t = 0; t < 4; t++)
            {
                float[] step = dense.Call(Ops.Reshape(Ops.Slice(x, [n, t, 0], [1, 1, 5]), 1, 5)).ToArray<float>();
                for (int k = 0; k < 3; k++) Assert.Equal(step[k], ys[(((n * 4) + t) * 3) + k], 1e-5f); // one row takes the row-vector product: rounding may differ
            }
        GradientCheck.Check(t => each.Call(t[0]), x);
    }

    [Fact]
    public void TheInnerLayersWeightsOnceSavedAndLoaded()
    {
        var input = new Input(shape: [-1, 6]);
        var model = new Model(input, new TimeDistributed(new Dense(2)).Call(input));
        Assert.Equal((6 * 2) + 2, model.CountParams());
        Assert.Equal([-1, -1, 2], model.Layers[^1].OutputDims!);
        Tensor x = Tensor.Uniform([3, 5, 6], seed: 2);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), RoundTrip.SaveAndLoad(model).Predict(x, verbose: 0).ToArray<float>());
    }
}
