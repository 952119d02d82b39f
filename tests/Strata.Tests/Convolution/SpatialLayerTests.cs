using Strata.Layers;
using Strata.Tests.Autodiff;

namespace Strata.Tests.Convolution;

/// <summary>Ops.Pad, ZeroPadding2D, Cropping2D and UpSampling2D: Keras's shapes and values, gradients, and configs.</summary>
public class SpatialLayerTests
{
    private static readonly Tensor Image = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3, 1);

    [Fact]
    public void ZeroPaddingSurroundsEachImageWithZeros()
    {
        Tensor y = new ZeroPadding2D((1, 0), (0, 2)).Call(Image);
        Assert.Equal(new Shape(1, 3, 5, 1), y.Shape);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0 }, y.ToArray<float>());
        Assert.Equal(new Shape(1, 4, 5, 1), new ZeroPadding2D().Call(Image).Shape);
        GradientCheck.Check(t => Ops.Pad(t[0], (1, 2), (0, 1)), Tensor.Uniform([2, 3], seed: 1));
    }

    [Fact]
    public void CroppingRemovesRowsAndColumns()
    {
        Tensor y = new Cropping2D((0, 1), (1, 0)).Call(Image);
        Assert.Equal(new Shape(1, 1, 2, 1), y.Shape);
        Assert.Equal(new float[] { 2, 3 }, y.ToArray<float>());
        Assert.Throws<ArgumentException>(() => new Cropping2D(1).Call(Image));
    }

    [Fact]
    public void UpSamplingRepeatsEachPixel()
    {
        Tensor y = new UpSampling2D(2).Call(Image);
        Assert.Equal(new Shape(1, 4, 6, 1), y.Shape);
        Assert.Equal(new float[] { 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6 }, y.ToArray<float>());
        GradientCheck.Check(t => new UpSampling2D(3).Call(t[0]), Tensor.Uniform([1, 2, 2, 2], seed: 2));
    }

    [Fact]
    public void TheLayersSaveAndLoad()
    {
        var inputs = new Input(shape: [5, 5, 2]);
        SymbolicTensor x = new ZeroPadding2D((1, 2), (0, 1)).Call(inputs);
        x = new Cropping2D((1, 0), (0, 1)).Call(x);
        x = new UpSampling2D(2).Call(x);
        var model = new Model(inputs, new Conv2D(3, 3).Call(x));
        Tensor data = Tensor.Uniform([2, 5, 5, 2], seed: 3);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Equal(model.Predict(data, verbose: 0).ToArray<float>(), loaded.Predict(data, verbose: 0).ToArray<float>());
        Assert.Equal([-1, 12, 8, 3], loaded.Layers[^1].OutputDims!); // 5x5, padded to 8x6, cropped to 7x5, doubled to 14x10, convolved
    }
}
