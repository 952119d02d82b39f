using Strata.Bench.Shared;
using Strata.Datasets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// Chapter 10's recurrent classifier on IMDB, as Strata's lstm workload: the 10,000 most frequent words,
/// reviews padded before (Keras's pad_sequences) to 200 tokens, Embedding(10000, 128) → LSTM(64) (torch's
/// fused nn.LSTM) → Dense(1, sigmoid), Keras's initialization, rmsprop, batch 64; 2 epochs, the first the warm-up.
/// </summary>
internal static class LstmWorkload
{
    private const int Words = 10000, Steps = 200;

    public static void Run(string[] args) => PaddedImdb.FitAndReport("lstm", new Classifier(), Words, Steps, batchSize: 64, Arguments.Int(args, "--epochs", 2));

    /// <summary>Embedding → LSTM (its last output) → Linear → sigmoid, initialized as Keras's layers are.</summary>
    private sealed class Classifier : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding _embedding = nn.Embedding(Words, 128);
        private readonly LSTM _lstm = nn.LSTM(128, 64, batchFirst: true);
        private readonly Linear _dense = nn.Linear(64, 1);

        public Classifier() : base("lstm_classifier")
        {
            using (no_grad())
            {
                nn.init.uniform_(_embedding.weight!, -0.05, 0.05);
                foreach (var (name, p) in _lstm.named_parameters())
                {
                    if (name.StartsWith("weight_ih", StringComparison.Ordinal)) nn.init.xavier_uniform_(p);
                    else if (name.StartsWith("weight_hh", StringComparison.Ordinal)) nn.init.orthogonal_(p);
                    else
                    {
                        nn.init.zeros_(p);
                        if (name.StartsWith("bias_ih", StringComparison.Ordinal)) p[TensorIndex.Slice(64, 128)].fill_(1); // Keras's unit forget bias, counted once
                    }
                }
                nn.init.xavier_uniform_(_dense.weight!);
                nn.init.zeros_(_dense.bias!);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var (output, _, _) = _lstm.call(_embedding.call(input));
            return sigmoid(_dense.call(output[TensorIndex.Colon, -1]));
        }
    }
}
