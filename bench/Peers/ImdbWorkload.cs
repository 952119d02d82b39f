using Strata.Bench.Shared;
using Strata.Datasets;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// The chapter 3 network, one epoch = 25,000 multi-hot reviews of 10,000 words in batches of 512. The
/// reviews come from Strata's IMDB loader (rebuilding Keras's imdb.npz arrays from the raw reviews is not
/// TorchSharp's business); only the training is timed. The first epoch is the warm-up.
/// </summary>
internal static class ImdbWorkload
{
    private const int Words = 10000;

    public static void Run(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 3);
        var ((sequences, labels), _) = Imdb.LoadData(numWords: Words);
        Tensor x = MultiHot(sequences);
        Tensor y = tensor(labels.ToArray<long>().Select(l => (float)l).ToArray(), new long[] { sequences.Length, 1 });
        var model = KerasNetworks.Imdb();
        var fit = new KerasFit(model, KerasLosses.BinaryCrossentropy, KerasFit.BinaryCorrect, batchSize: 512);
        var probe = new TrainingProbe();
        fit.Fit(x, y, epochs, probe);
        new Measurement(Side.Name, "imdb.epoch", Statistics.Median(probe.EpochSeconds.Skip(1)), "s").Print();
        new Measurement(Side.Name, "imdb.accuracy", fit.Accuracy, "").Print();
    }

    /// <summary>As Keras's vectorize_sequences: row i has 1 at every word index of review i.</summary>
    private static Tensor MultiHot(int[][] sequences)
    {
        var data = new float[(long)sequences.Length * Words];
        for (int i = 0; i < sequences.Length; i++)
        {
            foreach (int word in sequences[i]) data[(long)i * Words + word] = 1f;
        }
        return tensor(data, new long[] { sequences.Length, Words });
    }
}
