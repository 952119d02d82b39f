using Strata.Bench.Shared;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// The chapter 8 convnet trained for 2 epochs at batch 64 (the first is the warm-up), then Predict on the
/// 10,000 test images at Keras's default batch of 32, in a process of its own. <c>--folder</c> reads another
/// dataset in MNIST's files (Fashion-MNIST's: <c>--folder /usr/share/datasets/fashion-mnist --epochs 5</c>),
/// and the test accuracy it prints is what this network reaches there outside Strata.
/// </summary>
internal static class ConvnetWorkload
{
    public static void Run(string[] args)
    {
        int epochs = Arguments.Int(args, "--epochs", 2);
        string? folder = Arguments.Text(args, "--folder");
        var (x, y) = MnistIdx.Train(folder);
        var model = KerasNetworks.Convnet();
        var fit = new KerasFit(model, KerasLosses.CategoricalCrossentropy, KerasFit.CategoricalCorrect, batchSize: 64);
        var probe = new TrainingProbe();
        fit.Fit(x.reshape(60000, 1, 28, 28), y, epochs, probe);
        new Measurement(Side.Name, "convnet.epoch", Statistics.Median(probe.EpochSeconds.Skip(1)), "s").Print();
        new Measurement(Side.Name, "convnet.accuracy", fit.Accuracy, "").Print();

        var (test, testLabels) = MnistIdx.Test(folder);
        Tensor images = test.reshape(10000, 1, 28, 28);
        model.eval();
        void Predict()
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            for (long start = 0; start < 10000; start += 32) model.call(images.slice(0, start, Math.Min(start + 32, 10000), 1));
        }
        Predict(); // warm-up
        new Measurement(Side.Name, "convnet.predict", Timing.Median(warmups: 0, repetitions: 3, Predict), "s").Print();
        if (folder is not null) new Measurement(Side.Name, "convnet.test_accuracy", TestAccuracy(model, images, testLabels), "").Print();
    }

    private static double TestAccuracy(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return KerasFit.CategoricalCorrect(labels, model.call(images)).item<long>() / 10000.0;
    }
}
