using Strata.Bench.Shared;
using Strata.Datasets;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>The sequence workloads' training: IMDB's training reviews as word indices padded before (Keras's pad_sequences), fit as Keras's.</summary>
internal static class PaddedImdb
{
    /// <summary>
    /// Trains <paramref name="model"/> on the reviews of the <paramref name="words"/> most frequent words padded to
    /// <paramref name="steps"/> tokens, then prints "&lt;workload&gt;.epoch" (the median epoch after the first, the warm-up)
    /// and "&lt;workload&gt;.accuracy" (the last epoch's).
    /// </summary>
    public static void FitAndReport(string workload, nn.Module<Tensor, Tensor> model, int words, int steps, int batchSize, int epochs)
    {
        var ((sequences, labels), _) = Imdb.LoadData(numWords: words);
        Tensor x = tensor(Strata.Utils.PadSequences(sequences, maxLen: steps, dtype: Strata.DType.Int64).ToArray<long>(), new long[] { sequences.Length, steps });
        Tensor y = tensor(labels.ToArray<long>().Select(l => (float)l).ToArray(), new long[] { sequences.Length, 1 });
        var fit = new KerasFit(model, KerasLosses.BinaryCrossentropy, KerasFit.BinaryCorrect, batchSize);
        var probe = new TrainingProbe();
        fit.Fit(x, y, epochs, probe);
        new Measurement(Side.Name, $"{workload}.epoch", Statistics.Median(probe.EpochSeconds.Skip(1)), "s").Print();
        new Measurement(Side.Name, $"{workload}.accuracy", fit.Accuracy, "").Print();
    }
}
