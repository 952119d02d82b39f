using Strata.Layers;

namespace Strata.Tests.Saving;

/// <summary>
/// Models of every layer kind Strata has that takes numbers in, for the tests that must hold for every model: ONNX export
/// (each runs in ONNX Runtime as Predict) and Keras's format (each round-trips a .keras file).
/// </summary>
internal static class ModelCatalog
{
    public static readonly string[] Kinds = ["mlp", "convnet", "pooling", "functional", "separable", "sequence", "attention", "recurrent", "upsampling", "transpose", "augmentation", "steps"];

    /// <summary>A model of this kind, seeded, and the shape of one sample of its input.</summary>
    public static (Model Model, int[] Sample) Make(string kind)
    {
        Strata.Random.SetSeed(2);
        switch (kind)
        {
            case "mlp":
                return (new Sequential([new InputLayer([10]), new Dense(16, activation: "relu"), new Dropout(0.5f), new Dense(8, activation: "tanh"), new Dense(3, activation: "softmax")]), [10]);
            case "convnet":
                var model = new Sequential([new InputLayer([12, 12, 3]), new Conv2D(4, 3, activation: "relu"), new BatchNormalization(), new MaxPooling2D(2),
                    new Conv2D(6, 3, strides: 2, padding: "same", activation: "sigmoid"), new Flatten(), new Dense(2)]);
                foreach (Variable w in model.Layers.OfType<BatchNormalization>().Single().NonTrainableWeights) w.Assign(Tensor.Uniform(w.Shape.ToArray(), 0.5f, 1.5f, seed: 3));
                return (model, [12, 12, 3]);
            case "pooling":
                return (new Sequential([new InputLayer([9, 9, 2]), new AveragePooling2D(2, padding: "same"), new Conv2D(3, 2, dilationRate: 2), new GlobalAveragePooling2D(), new Dense(1, activation: "sigmoid")]), [9, 9, 2]);
            case "separable":
                return (new Sequential([new InputLayer([10, 10, 3]), new Rescaling(1f / 2, offset: 0.25f), new DepthwiseConv2D(3, padding: "same", depthMultiplier: 2),
                    new SeparableConv2D(4, 3, strides: 2, activation: "relu"), new GlobalMaxPooling2D()]), [10, 10, 3]);
            case "sequence":
                return (new Sequential([new InputLayer([12, 4]), new Conv1D(6, 3, padding: "same", activation: "relu"), new MaxPooling1D(2), new LayerNormalization(),
                    new Conv1D(3, 2, dilationRate: 2), new GlobalAveragePooling1D()]), [12, 4]);
            case "recurrent":
                // Every recurrent form: LSTM both ways (Bidirectional), GRU reset-before, SimpleRNN backwards, GRU reset-after.
                var steps = new Input(shape: [7, 5]);
                SymbolicTensor h = new Bidirectional(new LSTM(4, returnSequences: true)).Call(steps);
                h = new SimpleRNN(3, returnSequences: true, goBackwards: true).Call(new GRU(3, returnSequences: true, resetAfter: false).Call(h));
                var recurrent = new Model(steps, new Dense(1).Call(new GRU(2).Call(h)));
                foreach (Variable bias in recurrent.Weights.Where(w => w.Name.EndsWith("bias", StringComparison.Ordinal))) bias.Assign(Tensor.Uniform(bias.Shape.ToArray(), -0.5f, 0.5f, seed: 8));
                return (recurrent, [7, 5]);
            case "transpose":
                // Chapter 9's segmentation decoder: transposed convolutions, valid and same, and a stride wider than the kernel (gaps).
                return (new Sequential([new InputLayer([5, 5, 2]), new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu"),
                    new Conv2DTranspose(3, 3, strides: 2, padding: "same", activation: "relu"), new Conv2DTranspose(2, 3, strides: 2),
                    new Conv2DTranspose(2, 2, strides: 3, padding: "same"), new Conv2DTranspose(1, 4, padding: "same")]), [5, 5, 2]);
            case "augmentation":
                // Chapter 8's augmentation stage (the identity in inference), resizing, cropping, spatial dropout, every activation.
                return (new Sequential([new InputLayer([9, 9, 3]), new RandomFlip(), new RandomRotation(0.1), new RandomZoom(0.2), new RandomTranslation(0.1, 0.1),
                    new RandomContrast(0.3), new Resizing(7, 7), new CenterCrop(5, 6), new Resizing(8, 11, interpolation: "nearest", cropToAspectRatio: true), new Conv2D(4, 3, activation: "softplus"), new SpatialDropout2D(0.3),
                    new Activation("exponential"), new Flatten(), new Dense(6, activation: "log_softmax"), new Dense(3, activation: "softmax")]), [9, 9, 3]);
            case "steps":
                // Per-step layers: Masking before a masked average, TimeDistributed, Reshape, 1-D average pooling, causal attention.
                var series = new Input(shape: [8, 4]);
                SymbolicTensor perStep = new TimeDistributed(new Dense(6, activation: "tanh")).Call(series);
                SymbolicTensor pooled = new Reshape([2, 12]).Call(new AveragePooling1D(2).Call(perStep));
                SymbolicTensor causal = new CausalSelfAttention().Call(pooled);
                SymbolicTensor masked = new GlobalAveragePooling1D().Call(new Masking(0.5).Call(series));
                return (new Model(series, new Concatenate().Call([new GlobalMaxPooling1D().Call(causal), masked])), [8, 4]);
            case "upsampling":
                return (new Sequential([new InputLayer([4, 4, 2]), new UpSampling2D(2), new ZeroPadding2D(1), new Conv2D(3, 3, activation: "relu"), new Cropping2D(1), new Flatten(), new Dense(2)]), [4, 4, 2]);
            case "attention":
                // The book's Transformer block, without the embedding: attention, residual, normalization, dense projection.
                var sequence = new Input(shape: [6, 8]);
                SymbolicTensor attended = new LayerNormalization().Call(new Add().Call([sequence, new MultiHeadAttention(2, 4).Call([sequence, sequence])]));
                SymbolicTensor projected = new LayerNormalization().Call(new Add().Call([attended, new Dense(8).Call(new Dense(16, activation: "relu").Call(attended))]));
                return (new Model(sequence, new Dense(2).Call(new GlobalMaxPooling1D().Call(projected))), [6, 8]);
            default:
                var input = new Input(shape: [5]);
                SymbolicTensor a = new Dense(4, activation: "relu").Call(input), b = new Dense(4).Call(input);
                return (new Model(input, new Dense(2).Call(new Concatenate(-1).Call([new Add().Call([a, b]), b]))), [5]);
        }
    }

    /// <summary>The book's TransformerDecoder's first step: self-attention that sees no future step.</summary>
    internal sealed class CausalSelfAttention : Layer
    {
        private readonly MultiHeadAttention _attention;

        public CausalSelfAttention() => _attention = AddLayer(new MultiHeadAttention(2, 3));

        protected override Tensor Call(Tensor inputs) => _attention.Call(inputs, inputs, useCausalMask: true);
    }
}
