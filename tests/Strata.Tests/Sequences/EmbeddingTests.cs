using Strata.Layers;
using Strata.Tests.Convolution;

namespace Strata.Tests.Sequences;

public class EmbeddingTests
{
    [Fact]
    public void LooksUpRowsAndAddsTheGradientsOfRepeatedIndices()
    {
        var embedding = new Embedding(5, 3);
        embedding.Build(-1, 4);
        float[] rows = Enumerable.Range(0, 15).Select(i => (float)i).ToArray();
        embedding.Embeddings.Assign(Tensor.FromArray(rows, 5, 3));
        Tensor ids = Tensor.FromArray(new long[] { 4, 0, 4, 2 }, 1, 4);
        Tensor y;
        Tensor[] grads;
        using (var tape = new GradientTape())
        {
            y = embedding.Call(ids);
            grads = tape.Gradient(Ops.Sum(y * Tensor.FromArray(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), 1, 4, 3)), [embedding.Embeddings]);
        }
        Assert.Equal(new Shape(1, 4, 3), y.Shape);
        Assert.Equal(new float[] { 12, 13, 14, 0, 1, 2, 12, 13, 14, 6, 7, 8 }, y.ToArray<float>());
        // Row 4 is used twice: its gradient is the sum of both positions' upstream values.
        Assert.Equal(new float[] { 4, 5, 6, 0, 0, 0, 10, 11, 12, 0, 0, 0, 1 + 7, 2 + 8, 3 + 9 }, grads[0].ToArray<float>());
    }

    [Fact]
    public void KerasShapesParametersInitializationAndMask()
    {
        var input = new Input(shape: [-1], dtype: DType.Int64);
        var embedding = new Embedding(inputDim: 10000, outputDim: 128, maskZero: true);
        var model = new Model(input, embedding.Call(input));
        Assert.Equal([-1, -1, 128], model.Layers[^1].OutputDims!);
        Assert.Equal(1_280_000, model.CountParams());
        float[] values = embedding.Embeddings.Value.ToArray<float>();
        Assert.True(values.All(v => v is >= -0.05f and <= 0.05f) && values.Max() > 0.049f && values.Min() < -0.049f); // Keras's uniform(-0.05, 0.05)
        Tensor mask = embedding.ComputeMask(Tensor.FromArray(new long[] { 3, 0, 7, 0 }, 2, 2))!;
        Assert.Equal(new[] { true, false, true, false }, mask.ToArray<bool>());
        Assert.Null(new Embedding(3, 2).ComputeMask(Tensor.FromArray(new long[] { 0 }, 1)));
        var loaded = (Embedding)RoundTrip.SaveAndLoad(model).Layers.Single(l => l is Embedding);
        Assert.True(loaded.MaskZero);
        Assert.Equal(values, loaded.Embeddings.Value.ToArray<float>());
    }

    [Fact]
    public void IndicesOutsideTheVocabularyAreNamed()
    {
        var embedding = new Embedding(4, 2);
        var e = Assert.ThrowsAny<Exception>(() => embedding.Call(Tensor.FromArray(new long[] { 1, 9 }, 1, 2)));
        Assert.Contains("9", e.Message);
        Assert.Contains("inputDim", Assert.Throws<ArgumentException>(() => new Embedding(0, 2)).Message);
    }
}
