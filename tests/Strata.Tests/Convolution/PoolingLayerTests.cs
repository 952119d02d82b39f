using Strata.Layers;

namespace Strata.Tests.Convolution;

/// <summary>Global pooling and Rescaling: Keras's output shapes and values, and a model of them saved and loaded.</summary>
public class PoolingLayerTests
{
    [Fact]
    public void GlobalPoolingAveragesOrTakesTheMaximumOverTheSpatialAxes()
    {
        // x[n, h, w, c] = 100n + 10h + w + c/10: means and maxima are easy to write down.
        var values = new float[2 * 3 * 4 * 2];
        for (int n = 0, i = 0; n < 2; n++)
            for (int h = 0; h < 3; h++)
                for (int w = 0; w < 4; w++)
                    for (int c = 0; c < 2; c++, i++) values[i] = (100 * n) + (10 * h) + w + (c / 10f);
        Tensor x = Tensor.FromArray(values, 2, 3, 4, 2);

        Tensor mean = new GlobalAveragePooling2D().Call(x);
        Assert.Equal(new Shape(2, 2), mean.Shape);
        Assert.Equal(new[] { 11.5f, 11.6f, 111.5f, 111.6f }, mean.ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-4f);
        Tensor max = new GlobalMaxPooling2D(keepDims: true).Call(x);
        Assert.Equal(new Shape(2, 1, 1, 2), max.Shape);
        Assert.Equal(new[] { 23f, 23.1f, 123f, 123.1f }, max.ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-4f);

        Tensor steps = x.Reshape(2, 12, 2);
        Assert.Equal(mean.ToArray<float>(), new GlobalAveragePooling1D().Call(steps).ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-4f);
        Assert.Equal(new[] { 23f, 23.1f, 123f, 123.1f }, new GlobalMaxPooling1D().Call(steps).ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-4f);
        Assert.Throws<ArgumentException>(() => new GlobalAveragePooling2D().Call(steps));
    }

    [Fact]
    public void RescalingScalesAndOffsetsAsFloat()
    {
        Tensor pixels = Tensor.FromArray(new byte[] { 0, 51, 255 }, 1, 3);
        Tensor y = new Rescaling(1f / 255).Call(pixels);
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(new[] { 0f, 0.2f, 1f }, y.ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal(new[] { -1f, -0.6f, 1f }, new Rescaling(2f / 255, offset: -1f).Call(pixels).ToArray<float>(), (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void AModelOfTheNewLayersSavesAndLoads()
    {
        var inputs = new Input(shape: [6, 6, 1]);
        SymbolicTensor x = new Rescaling(0.5f, offset: 0.1f).Call(inputs);
        x = new Conv2D(4, 3, padding: "same").Call(x);
        x = new BatchNormalization(momentum: 0.9f).Call(x);
        x = new MaxPooling2D(3, strides: 2, padding: "same").Call(x);
        var model = new Model(inputs, new GlobalAveragePooling2D().Call(x));
        model.Compile(optimizer: "adam", loss: "mse");
        Tensor data = Tensor.Uniform([8, 6, 6, 1], seed: 2);
        model.Fit(data, Tensor.Uniform([8, 4], seed: 3), epochs: 2, batchSize: 4, verbose: 0);
        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Equal(model.Predict(data, verbose: 0).ToArray<float>(), loaded.Predict(data, verbose: 0).ToArray<float>());
        Assert.Equal(model.CountParams(), loaded.CountParams());
    }
}
