using Strata.Layers;
using Strata.Tests.Autodiff;

namespace Strata.Tests.Convolution;

/// <summary>The transposed convolution: Keras's output sizes, the adjoint of the convolution, a hand-computed case, gradients.</summary>
public class ConvTransposeTests
{
    [Theory]
    [InlineData(2, "valid")]
    [InlineData(2, "same")]
    [InlineData(1, "same")]
    [InlineData(3, "valid")]
    public void ItIsTheAdjointOfTheConvolution(int stride, string padding)
    {
        // <convT(x, K), z> = <x, conv(z, K)> for every x and z: the definition of a transpose.
        Tensor x = Tensor.Uniform([2, 4, 3, 5], -1f, 1f, seed: 1), k = Tensor.Uniform([3, 3, 2, 5], -1f, 1f, seed: 2);
        Tensor y = Ops.ConvTranspose(x, k, stride, padding);
        int h = padding == "valid" ? (3 * stride) + 3 : 4 * stride, w = padding == "valid" ? (2 * stride) + 3 : 3 * stride;
        Assert.Equal(new Shape(2, h, w, 2), y.Shape);
        Tensor z = Tensor.Uniform([2, h, w, 2], -1f, 1f, seed: 3);
        float left = Ops.Sum(y * z).Item<float>(), right = Ops.Sum(x * Ops.Conv(z, k, stride, padding)).Item<float>();
        Assert.Equal(right, left, 1e-3f * Math.Max(1f, Math.Abs(right)));
        GradientCheck.Check(t => Ops.ConvTranspose(t[0], t[1], stride, padding), Tensor.Uniform([1, 3, 2, 2], -1f, 1f, seed: 4), Tensor.Uniform([2, 2, 3, 2], -1f, 1f, seed: 5));
    }

    [Fact]
    public void AHandComputedTransposedConvolution()
    {
        // Each input value stamps the kernel, scaled, at its stride-2 place; overlapping stamps add up.
        Tensor x = Tensor.FromArray(new float[] { 1, 2 }, 1, 1, 2, 1);
        Tensor k = Tensor.FromArray(new float[] { 1, 10, 100 }, 1, 3, 1, 1);
        Tensor y = Ops.ConvTranspose(x, k, strides: 2);
        Assert.Equal(new Shape(1, 1, 5, 1), y.Shape);
        Assert.Equal(new float[] { 1, 10, 102, 20, 200 }, y.ToArray<float>());
    }

    [Fact]
    public void TheLayerHasKerasShapesAndSavesAndLoads()
    {
        var inputs = new Input(shape: [7, 7, 8]);
        var model = new Model(inputs, new Conv2DTranspose(4, 3, strides: 2, padding: "same", activation: "relu").Call(inputs));
        Assert.Equal([-1, 14, 14, 4], model.Layers[^1].OutputDims!);
        Assert.Equal((3 * 3 * 4 * 8) + 4, model.CountParams());
        Tensor data = Tensor.Uniform([2, 7, 7, 8], seed: 6);
        Assert.Equal(model.Predict(data, verbose: 0).ToArray<float>(), RoundTrip.SaveAndLoad(model).Predict(data, verbose: 0).ToArray<float>());
    }
}
