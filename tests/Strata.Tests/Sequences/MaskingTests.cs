using Strata.Initializers;
using Strata.Layers;

namespace Strata.Tests.Sequences;

/// <summary>
/// Masks as Keras's: Keras's own test figures for masked recurrent layers, and models whose padded, masked
/// inputs must give what the unpadded inputs give.
/// </summary>
public class MaskingTests
{
    /// <summary>Keras's rnn tests: arange(24) as (2, 4, 3), constant initializers 0.01, 0.02, 0.03.</summary>
    private static readonly Tensor Sequence = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 4, 3);

    private static Tensor Mask(params bool[] values) => Tensor.FromArray(values, 2, 4);

    private static void Near(float[] expected, Tensor actual)
    {
        float[] y = actual.ToArray<float>();
        Assert.Equal(expected.Length, y.Length);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-5f, $"value {i}: Keras {expected[i]}, Strata {y[i]}");
    }

    private static float[] Pairs(params float[] values) => values.SelectMany(v => new[] { v, v }).ToArray();

    /// <summary>A layer of Keras's tests: kernel 0.01, recurrent kernel 0.02, bias 0.03 everywhere.</summary>
    private static BaseRnn Keras(string kind, int units = 2, bool returnSequences = false, bool zeroOutput = false, bool goBackwards = false)
    {
        Initializer kernel = new Constant(0.01f), recurrent = new Constant(0.02f), bias = new Constant(0.03f);
        return kind switch
        {
            "lstm" => new LSTM(units, kernelInitializer: kernel, recurrentInitializer: recurrent, biasInitializer: bias, returnSequences: returnSequences, goBackwards: goBackwards, zeroOutputForMask: zeroOutput),
            "gru" => new GRU(units, kernelInitializer: kernel, recurrentInitializer: recurrent, biasInitializer: bias, returnSequences: returnSequences, goBackwards: goBackwards, zeroOutputForMask: zeroOutput),
            _ => new SimpleRNN(units, kernelInitializer: kernel, recurrentInitializer: recurrent, biasInitializer: bias, returnSequences: returnSequences, goBackwards: goBackwards, zeroOutputForMask: zeroOutput),
        };
    }

    [Fact]
    public void LstmMatchesKerasMaskingTest()
    {
        Tensor mask = Mask(true, true, true, false, true, true, false, false);
        Near(Pairs(0.11755939f, 0.28556206f), Keras("lstm").Call(Sequence, mask));
        Near(Pairs(0.01588910f, 0.05552048f, 0.11755939f, 0.11755939f, 0.14185596f, 0.28556206f, 0.28556206f, 0.28556206f), Keras("lstm", returnSequences: true).Call(Sequence, mask));
        Near(Pairs(0.01588910f, 0.05552048f, 0.11755939f, 0f, 0.14185596f, 0.28556206f, 0f, 0f), Keras("lstm", returnSequences: true, zeroOutput: true).Call(Sequence, mask));
        Near(Pairs(0.15341201f, 0.3844719f), Keras("lstm", goBackwards: true).Call(Sequence, Mask(false, true, true, true, false, false, true, true)));
    }

    [Fact]
    public void GruMatchesKerasMaskingTest()
    {
        Tensor mask = Mask(true, true, false, true, true, false, false, true);
        Near(Pairs(0.19393763f, 0.30818558f), Keras("gru").Call(Sequence, mask));
        Near(Pairs(0.03606692f, 0.09497581f, 0.09497581f, 0.19393763f, 0.16051409f, 0.16051409f, 0.16051409f, 0.30818558f), Keras("gru", returnSequences: true).Call(Sequence, mask));
        Near(Pairs(0.03606692f, 0.09497581f, 0f, 0.19393763f, 0.16051409f, 0f, 0f, 0.30818558f), Keras("gru", returnSequences: true, zeroOutput: true).Call(Sequence, mask));
        Near(Pairs(0.11669192f, 0.28380975f), Keras("gru", goBackwards: true).Call(Sequence, mask));
    }

    [Fact]
    public void SimpleRnnMatchesKerasMaskingTest()
    {
        Tensor mask = Mask(true, true, false, true, true, false, false, true);
        Near([.. Enumerable.Repeat(0.32951632f, 4), .. Enumerable.Repeat(0.61799484f, 4)], Keras("simple", 4).Call(Sequence, mask));
        Near(Pairs(0.0599281f, 0.15122814f, 0.15122814f, 0.32394567f, 0.3969304f, 0.3969304f, 0.3969304f, 0.608085f), Keras("simple", 2, returnSequences: true).Call(Sequence, mask));
        Near(Pairs(0.0599281f, 0.15122814f, 0f, 0.32394567f, 0.3969304f, 0f, 0f, 0.608085f), Keras("simple", 2, returnSequences: true, zeroOutput: true).Call(Sequence, mask));
    }

    /// <summary>Two reviews of 5 and 3 tokens, padded with zeros to 6, after (as TextVectorization pads) or before (as PadSequences).</summary>
    private static (Tensor Padded, long[][] Tokens) Reviews(bool before)
    {
        long[][] tokens = [[4, 9, 2, 7, 3], [5, 1, 8]];
        long[] padded = tokens.SelectMany(t => before ? [.. new long[6 - t.Length], .. t] : t.Concat(new long[6 - t.Length])).ToArray();
        return (Tensor.FromArray(padded, 2, 6), tokens);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnEmbeddingWithMaskZeroMakesABidirectionalLstmSeeOnlyTheTokens(bool padBefore)
    {
        // The book's model: Embedding(maskZero) then Bidirectional(LSTM): each review's output is the one its tokens alone give.
        Strata.Random.SetSeed(3);
        var inputs = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor x = new Embedding(10, 4, maskZero: true).Call(inputs);
        var model = new Model(inputs, new Bidirectional(new LSTM(3)).Call(x));
        (Tensor padded, long[][] tokens) = Reviews(padBefore);
        float[] y = model.Predict(padded, verbose: 0).ToArray<float>();
        for (int r = 0; r < 2; r++)
        {
            float[] alone = model.Predict(Tensor.FromArray(tokens[r], 1, tokens[r].Length), verbose: 0).ToArray<float>();
            for (int k = 0; k < 6; k++) Assert.Equal(alone[k], y[(r * 6) + k], 1e-6f);
        }
        // Without the mask the padding changes the result.
        var unmasked = new Model(inputs, new Bidirectional(new LSTM(3)).Call(new Embedding(10, 4).Call(inputs)));
        float[] plain = unmasked.Predict(padded, verbose: 0).ToArray<float>(), short1 = unmasked.Predict(Tensor.FromArray(tokens[1], 1, 3), verbose: 0).ToArray<float>();
        Assert.NotEqual(short1, plain[6..12]);
    }

    [Fact]
    public void ASequentialCarriesTheMaskToo()
    {
        Strata.Random.SetSeed(5);
        var model = new Sequential([new Embedding(10, 4, maskZero: true), new GRU(3)]);
        (Tensor padded, long[][] tokens) = Reviews(before: true);
        float[] y = model.Predict(padded, verbose: 0).ToArray<float>();
        float[] alone = model.Predict(Tensor.FromArray(tokens[1], 1, 3), verbose: 0).ToArray<float>();
        for (int k = 0; k < 3; k++) Assert.Equal(alone[k], y[3 + k], 1e-6f);
    }

    [Fact]
    public void MasksCrossTheBoundaryOfANestedModel()
    {
        // Keras's functional models as layers: the mask made inside leaves with the outputs, and one that comes in reaches the layers inside.
        Strata.Random.SetSeed(6);
        var tokens = new Input(shape: [-1], dtype: DType.Int64);
        var encoder = new Model(tokens, new LSTM(3, returnSequences: true).Call(new Embedding(10, 4, maskZero: true).Call(tokens)));
        var outer = new Input(shape: [-1], dtype: DType.Int64);
        var leaving = new Model(outer, new GRU(2).Call(encoder.Call(outer)));
        var embedded = new Input(shape: [-1, 4]);
        var summarizer = new Model(embedded, new GRU(2).Call(embedded));
        var entering = new Model(outer, summarizer.Call(new Embedding(10, 4, maskZero: true).Call(outer)));
        var sequential = new Sequential([new Embedding(10, 4, maskZero: true), new Sequential([new GRU(2)])]);
        (Tensor padded, long[][] reviews) = Reviews(before: true);
        Assert.Equal(new[] { false, true, true, true, true, true, false, false, false, true, true, true }, encoder.ComputeMask(padded)!.ToArray<bool>());
        foreach (Model model in new[] { leaving, entering, sequential })
        {
            float[] y = model.Predict(padded, verbose: 0).ToArray<float>();
            for (int r = 0; r < 2; r++)
            {
                float[] alone = model.Predict(Tensor.FromArray(reviews[r], 1, reviews[r].Length), verbose: 0).ToArray<float>();
                Assert.Equal(alone[0], y[r * 2], 1e-6f);
                Assert.Equal(alone[1], y[(r * 2) + 1], 1e-6f);
            }
        }
    }

    [Fact]
    public void AMaskOfTheWrongShapeIsNamed()
    {
        var lstm = new LSTM(2);
        ArgumentException e = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Zeros(2, 4, 3), Tensor.Ones(2, 5)));
        Assert.Contains(lstm.Name, e.Message);
        Assert.Contains("(2, 4)", e.Message);
        Assert.Contains("(2, 5)", e.Message);
    }

    [Fact]
    public void ReturnedSequencesKeepTheMaskForTheLayersAfter()
    {
        // Embedding(maskZero) → LSTM(returnSequences) → GlobalAveragePooling1D: the mean over the tokens only, as Keras's.
        Strata.Random.SetSeed(4);
        var inputs = new Input(shape: [-1], dtype: DType.Int64);
        var lstm = new LSTM(3, returnSequences: true);
        SymbolicTensor sequences = lstm.Call(new Embedding(10, 4, maskZero: true).Call(inputs));
        var model = new Model(inputs, new GlobalAveragePooling1D().Call(new Dense(2).Call(sequences)));
        (Tensor padded, long[][] tokens) = Reviews(before: false);
        float[] y = model.Predict(padded, verbose: 0).ToArray<float>();
        for (int r = 0; r < 2; r++)
        {
            float[] alone = model.Predict(Tensor.FromArray(tokens[r], 1, tokens[r].Length), verbose: 0).ToArray<float>();
            Assert.Equal(alone[0], y[r * 2], 1e-6f);
            Assert.Equal(alone[1], y[(r * 2) + 1], 1e-6f);
        }
    }

    [Fact]
    public void MaskedModelsTrainCompiledAsEagerly()
    {
        (double Loss, float[] Weights) Train(bool compiled)
        {
            Strata.Random.SetSeed(8);
            var inputs = new Input(shape: [-1], dtype: DType.Int64);
            SymbolicTensor x = new Embedding(12, 4, maskZero: true).Call(inputs);
            x = new Bidirectional(new LSTM(3, returnSequences: true, dropout: 0.2f, recurrentDropout: 0.3f)).Call(x);
            x = new Bidirectional(new GRU(2)).Call(x);
            var model = new Model(inputs, new Dense(1, activation: "sigmoid").Call(new Dropout(0.5f).Call(x))) { CompilationEnabled = compiled };
            model.Compile(optimizer: "rmsprop", loss: "binary_crossentropy");
            Tensor tokens = Tensor.FromArray(Enumerable.Range(0, 32 * 7).Select(i => i % 7 < 2 + (i / 7 % 5) ? (long)(1 + (i * 7 % 11)) : 0L).ToArray(), 32, 7);
            Tensor labels = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (float)(i % 2)).ToArray(), 32, 1);
            History h = model.Fit(tokens, labels, epochs: 2, batchSize: 8, shuffle: false, verbose: 0);
            if (compiled) Assert.Empty(model.TrainStepFunction!.EagerReasons);
            return (h["loss"][^1], model.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray());
        }
        var eager = Train(false);
        var compiled = Train(true);
        Assert.Equal(eager.Loss, compiled.Loss, 1e-6);
        for (int i = 0; i < eager.Weights.Length; i++) Assert.Equal(eager.Weights[i], compiled.Weights[i], 1e-5f);
    }

    [Fact]
    public void MaskingMarksStepsWhoseFeaturesAllEqualTheValue()
    {
        // Keras's Masking: a step is padding when every feature equals maskValue; its output is zeros, its mask false.
        var masking = new Masking(maskValue: -1f);
        Tensor x = Tensor.FromArray(new float[] { 1, 2, -1, -1, -1, 5, -1, -1 }, 1, 4, 2);
        Assert.Equal(new float[] { 1, 2, 0, 0, -1, 5, 0, 0 }, masking.Call(x).ToArray<float>());
        Assert.Equal(new[] { true, false, true, false }, masking.ComputeMask(x)!.ToArray<bool>());
        // In a model it makes an LSTM skip those steps: the same output as the sequence without them.
        Strata.Random.SetSeed(2);
        var inputs = new Input(shape: [-1, 2]);
        var model = new Model(inputs, new LSTM(3).Call(new Masking(-1f).Call(inputs)));
        float[] skipped = model.Predict(x, verbose: 0).ToArray<float>();
        float[] kept = model.Predict(Tensor.FromArray(new float[] { 1, 2, -1, 5 }, 1, 2, 2), verbose: 0).ToArray<float>();
        Assert.Equal(kept, skipped);
        Model loaded = Convolution.RoundTrip.SaveAndLoad(model);
        Assert.Equal(-1f, ((Masking)loaded.Layers[0]).MaskValue);
        Assert.Equal(skipped, loaded.Predict(x, verbose: 0).ToArray<float>());
    }

    [Fact]
    public void MergedMasksAreKerasOnes()
    {
        // Add: a step counts where either input's does; none when one input has no mask. Concatenate on the features: likewise.
        var inputs = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor a = new Embedding(10, 2, maskZero: true).Call(inputs), b = new Embedding(10, 2, maskZero: true).Call(inputs);
        var add = new Add();
        var concat = new Concatenate();
        var model = new Model(inputs, new LSTM(2).Call(new Concatenate().Call([add.Call([a, b]), concat.Call([a, b])])));
        (Tensor padded, long[][] tokens) = Reviews(before: false);
        float[] y = model.Predict(padded, verbose: 0).ToArray<float>();
        float[] alone = model.Predict(Tensor.FromArray(tokens[1], 1, 3), verbose: 0).ToArray<float>();
        Assert.Equal(alone, y[2..4]);
        Tensor m1 = Tensor.FromArray(new[] { true, false, false }, 1, 3), m2 = Tensor.FromArray(new[] { false, false, true }, 1, 3);
        Tensor x = Tensor.Zeros(1, 3, 2);
        Assert.Equal(new[] { true, false, true }, MaskOf(new Add(), [x, x], [m1, m2]).ToArray<bool>());
        Assert.Null(MaskOf(new Add(), [x, x], [m1, null]));
        Assert.Equal(new[] { true, false, true }, MaskOf(new Concatenate(), [x, x], [m1, m2]).ToArray<bool>());
        Assert.Equal(new[] { true, false, false, true, true, true }, MaskOf(new Concatenate(axis: 1), [x, x], [m1, null]).ToArray<bool>());
    }

    private static Tensor MaskOf(Layer layer, Tensor[] inputs, Tensor?[] masks) => layer.InvokeMasked(inputs, masks, training: false).Masks[0]!;

    [Fact]
    public void AttentionIgnoresPaddedKeysFromTheEmbeddingsMask()
    {
        // Self-attention on an Embedding with maskZero: each token's output is the one the review alone gives.
        Strata.Random.SetSeed(6);
        var inputs = new Input(shape: [-1], dtype: DType.Int64);
        SymbolicTensor x = new Embedding(10, 4, maskZero: true).Call(inputs);
        var model = new Model(inputs, new MultiHeadAttention(2, keyDim: 3).Call([x, x]));
        (Tensor padded, long[][] tokens) = Reviews(before: false);
        float[] y = model.Predict(padded, verbose: 0).ToArray<float>();
        float[] alone = model.Predict(Tensor.FromArray(tokens[1], 1, 3), verbose: 0).ToArray<float>();
        for (int i = 0; i < alone.Length; i++) Assert.Equal(alone[i], y[(6 * 4) + i], 1e-5f);
        // The book's encoder passes the mask as an attention mask of (batch, 1, Tv): the same for the real tokens.
        var attention = (MultiHeadAttention)model.Layers[^1];
        Tensor embedded = model.Layers[0].Call(padded);
        Tensor keys = Ops.ExpandDims(Ops.NotEqual(padded, Tensor.Zeros([]).AsType(DType.Int64)), 1);
        float[] viaAttentionMask = attention.Call(embedded, embedded, attentionMask: keys).ToArray<float>();
        for (int i = 0; i < alone.Length; i++) Assert.Equal(alone[i], viaAttentionMask[(6 * 4) + i], 1e-5f);
    }
}
