using Strata.Bench.Shared;

namespace TorchSharpPeer;

/// <summary>
/// The chapter 2 network trained for 5 epochs (batch 128) in a process of its own: time to the first step,
/// epoch times, managed allocation per step, and the whole process's peak resident memory.
/// </summary>
internal static class MnistWorkload
{
    public static void Run(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 5);
        var (x, y) = MnistIdx.Train();
        var model = KerasNetworks.Mnist();
        var fit = new KerasFit(model, KerasLosses.CategoricalCrossentropy, KerasFit.CategoricalCorrect, batchSize: 128);
        var probe = new TrainingProbe();
        fit.Fit(x, y, epochs, probe);
        probe.Report(Side.Name, "mnist");
        new Measurement(Side.Name, "mnist.accuracy", fit.Accuracy, "").Print();
        ProcessStats.Report(Side.Name, "mnist");
    }
}
