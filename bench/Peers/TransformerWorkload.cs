using Strata.Bench.Shared;
using Strata.Datasets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// Chapter 11's Transformer encoder on IMDB, as Strata's transformer workload: 20,000 words, reviews padded
/// before to 200 tokens, token and position embeddings of 256 (the padding masked out of the attention's keys),
/// 2 heads of 256 dimensions each as Keras's MultiHeadAttention(keyDim: 256) (torch's own module would split 256
/// into 2 × 128, so the heads are written out around torch's fused scaled_dot_product_attention), residuals and
/// LayerNorm, Dense(32, relu) → Dense(256), GlobalMaxPooling1D, Dropout(0.5), Dense(1, sigmoid); Keras's
/// initialization, rmsprop, batch 32; 2 epochs, the first the warm-up.
/// </summary>
internal static class TransformerWorkload
{
    private const int Words = 20000, Steps = 200, Embed = 256, Heads = 2, Dense = 32;

    public static void Run(string[] args) => PaddedImdb.FitAndReport("transformer", new Classifier(), Words, Steps, batchSize: 32, Arguments.Int(args, "--epochs", 2));

    private sealed class Classifier : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding _tokens = nn.Embedding(Words, Embed), _positions = nn.Embedding(Steps, Embed);
        private readonly Linear _query = nn.Linear(Embed, Heads * Embed), _key = nn.Linear(Embed, Heads * Embed), _value = nn.Linear(Embed, Heads * Embed);
        private readonly Linear _attentionOutput = nn.Linear(Heads * Embed, Embed), _projection1 = nn.Linear(Embed, Dense), _projection2 = nn.Linear(Dense, Embed);
        private readonly LayerNorm _norm1 = nn.LayerNorm(Embed, eps: 1e-3), _norm2 = nn.LayerNorm(Embed, eps: 1e-3);
        private readonly Dropout _dropout = nn.Dropout(0.5);
        private readonly Linear _dense = nn.Linear(Embed, 1);

        public Classifier() : base("transformer_classifier")
        {
            using (no_grad())
            {
                nn.init.uniform_(_tokens.weight!, -0.05, 0.05);
                nn.init.uniform_(_positions.weight!, -0.05, 0.05);
                foreach (Linear layer in new[] { _query, _key, _value, _attentionOutput, _projection1, _projection2, _dense })
                {
                    nn.init.xavier_uniform_(layer.weight!);
                    nn.init.zeros_(layer.bias!);
                }
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            long batch = input.shape[0], steps = input.shape[1];
            Tensor x = _tokens.call(input) + _positions.call(arange(steps, dtype: ScalarType.Int64));
            Tensor Split(Tensor t) => t.view(batch, steps, Heads, Embed).transpose(1, 2);
            // Keys that are padding take no part, as the book's mask from PositionalEmbedding.
            Tensor keys = input.ne(0).view(batch, 1, 1, steps);
            Tensor heads = nn.functional.scaled_dot_product_attention(Split(_query.call(x)), Split(_key.call(x)), Split(_value.call(x)), attn_mask: keys);
            Tensor attended = _attentionOutput.call(heads.transpose(1, 2).reshape(batch, steps, Heads * Embed));
            Tensor projectionInput = _norm1.call(x + attended);
            Tensor encoded = _norm2.call(projectionInput + _projection2.call(nn.functional.relu(_projection1.call(projectionInput))));
            return sigmoid(_dense.call(_dropout.call(encoded.amax(1))));
        }
    }
}
