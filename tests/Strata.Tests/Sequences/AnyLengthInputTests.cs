using Strata.Layers;
using Strata.Tests.Convolution;

namespace Strata.Tests.Sequences;

/// <summary>Inputs with an axis of any size (Keras's None), as sequences of any length.</summary>
public class AnyLengthInputTests
{
    [Fact]
    public void ASequenceModelTakesBatchesOfAnyLengthAndKeepsItsShapeAndDtypeWhenSaved()
    {
        var tokens = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor h = new Embedding(30, 4).Call(tokens);
        SymbolicTensor steps = new LSTM(3, returnSequences: true).Call(h);
        var model = new Model(tokens, new Dense(1, activation: "sigmoid").Call(new GRU(2).Call(steps)));
        Assert.Equal([-1, -1, 4], model.Layers.OfType<Embedding>().Single().OutputDims!);
        Assert.Equal([-1, -1, 3], model.Layers.OfType<LSTM>().Single().OutputDims!);
        Assert.Equal([-1, 2], model.Layers.OfType<GRU>().Single().OutputDims!);

        Tensor shortBatch = Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 }, 2, 3), longBatch = Tensor.FromArray(Enumerable.Range(1, 22).Select(i => (long)i).ToArray(), 2, 11);
        Assert.Equal(new Shape(2, 1), model.Predict(shortBatch, verbose: 0).Shape);
        Assert.Equal(new Shape(2, 1), model.Predict(longBatch, verbose: 0).Shape);
        model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy");
        model.Fit(shortBatch, Tensor.FromArray(new float[] { 0, 1 }, 2), epochs: 1, verbose: 0);
        model.Fit(longBatch, Tensor.FromArray(new float[] { 1, 0 }, 2), epochs: 1, verbose: 0);

        Model loaded = RoundTrip.SaveAndLoad(model);
        Assert.Equal(DType.Int64, ((Input)loaded.Inputs[0]).DType);
        Assert.Equal([-1, -1], loaded.Inputs[0].Dims);
        Assert.Equal(model.Predict(longBatch, verbose: 0).ToArray<float>(), loaded.Predict(longBatch, verbose: 0).ToArray<float>());
    }

    [Fact]
    public void FixedAxesAreStillChecked()
    {
        var input = new Input(shape: [-1, 3]);
        var model = new Model(input, new SimpleRNN(2).Call(input));
        Assert.Equal(new Shape(4, 2), model.Predict(Tensor.Zeros(4, 9, 3), verbose: 0).Shape);
        Assert.Contains("(None, None, 3)", Assert.Throws<ArgumentException>(() => model.Predict(Tensor.Zeros(4, 9, 5), verbose: 0)).Message);
        Assert.Contains("-1 for any size", Assert.Throws<ArgumentException>(() => new Input(shape: [0])).Message);
    }
}
