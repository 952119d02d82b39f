using Strata.Layers;

namespace Strata.Tests.Sequences;

/// <summary>
/// The book's TransformerEncoder and PositionalEmbedding (chapter 11) as the example writes them
/// (examples/ImdbSequences, compiled into these tests): custom layers whose called layers are tracked with
/// AddLayer, so their weights are the custom layer's.
/// </summary>
public class TransformerEncoderTests
{
    [Fact]
    public void PositionalEmbeddingAddsEachPositionsVector()
    {
        var embedding = new PositionalEmbedding(sequenceLength: 4, inputDim: 10, outputDim: 3);
        Tensor tokens = Tensor.FromArray(new long[] { 7, 7, 2, 7 }, 1, 4);
        float[] y = embedding.Call(tokens).ToArray<float>();
        // Token 7 at positions 0, 1 and 3: the same token vector plus different position vectors.
        Assert.Equal(embedding.Weights[0].Value.ToArray<float>()[21..24].Zip(embedding.Weights[1].Value.ToArray<float>()[9..12], (t, p) => t + p), y[9..12]);
        Assert.NotEqual(y[0..3], y[3..6]);
        Assert.Equal((10 * 3) + (4 * 3), embedding.CountParams());
    }

    [Fact]
    public void TheBooksTransformerModelHasItsParameterCounts()
    {
        // Deep Learning with Python, chapter 11: vocabulary 20,000, embedDim 256, denseDim 32, 2 heads; its summary
        // lists 5,120,000 (Embedding), 543,776 (TransformerEncoder) and 257 (Dense): 5,664,033 in all; with the
        // positional embedding of 600 positions instead, 5,273,600 for it.
        var inputs = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor x = new Embedding(20000, 256).Call(inputs);
        var encoder = new TransformerEncoder(256, 32, 2);
        x = encoder.Call(x);
        x = new GlobalMaxPooling1D().Call(x);
        x = new Dropout(0.5f).Call(x);
        var model = new Model(inputs, new Dense(1, activation: "sigmoid").Call(x));
        Assert.Equal(543_776, encoder.CountParams());
        Assert.Equal(5_664_033, model.CountParams());
        Assert.Equal([-1, -1, 256], encoder.OutputDims!);
        Assert.Equal(5_273_600, new PositionalEmbedding(600, 20000, 256).Call(new Input(shape: [600], dtype: DType.Int64)).Layer!.CountParams());
    }

    [Fact]
    public void ItTrainsCompiledAsItDoesEagerly()
    {
        (double Loss, float[][] Weights, Model Model) Train(bool compiled)
        {
            Strata.Random.SetSeed(5);
            var inputs = new Input(shape: [6], dtype: DType.Int64);
            SymbolicTensor x = new TransformerEncoder(8, 4, 2).Call(new Embedding(30, 8).Call(inputs));
            var model = new Model(inputs, new Dense(2, activation: "softmax").Call(new GlobalAveragePooling1D().Call(x))) { CompilationEnabled = compiled };
            model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy");
            Tensor tokens = Tensor.Uniform([64, 6], 0f, 29.99f, seed: 3).AsType(DType.Int64);
            Tensor labels = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (long)(i % 2)).ToArray(), 64);
            History h = model.Fit(tokens, labels, epochs: 2, batchSize: 16, shuffle: false, verbose: 0);
            return (h["loss"][^1], model.GetWeights().Select(w => w.ToArray<float>()).ToArray(), model);
        }
        var eager = Train(false);
        var compiled = Train(true);
        Assert.Empty(compiled.Model.TrainStepFunction!.EagerReasons);
        Assert.NotEmpty(compiled.Model.TrainStepFunction.Executables);
        Assert.Equal(eager.Loss, compiled.Loss, 1e-6);
        for (int i = 0; i < eager.Weights.Length; i++)
        {
            for (int j = 0; j < eager.Weights[i].Length; j++) Assert.Equal(eager.Weights[i][j], compiled.Weights[i][j], 1e-5f);
        }
        Assert.Equal(1 + 8 + 4 + 4 + 2, eager.Weights.Length); // embedding; the encoder's attention, projection and two norms; the classifier
    }
}
