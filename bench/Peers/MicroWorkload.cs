using Strata.Bench.Shared;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// Inference and per-op overhead on the chapter 2 network: predicting the 10,000 MNIST test images in
/// batches of 32 (Keras's predict default), one single-sample prediction, and one 1-element add.
/// Each is a median of repeated timings after a warm-up; temporaries are disposed inside the timing, as a
/// TorchSharp user must.
/// </summary>
internal static class MicroWorkload
{
    public static void Run(string[] args)
    {
        var (xTest, _) = MnistIdx.Test();
        var model = KerasNetworks.Mnist();
        model.eval();

        double batch = Timing.Median(warmups: 1, repetitions: 5, () => Predict(model, xTest, 32));
        new Measurement(Side.Name, "predict.batch", batch, "s").Print();

        Tensor one = xTest.slice(0, 0, 1, 1);
        double single = Timing.Median(warmups: 200, repetitions: 2000, () => Predict(model, one, 32));
        new Measurement(Side.Name, "predict.single", single * 1e6, "us").Print();

        Tensor a = tensor(new[] { 1f }), b = tensor(new[] { 2f });
        const int OpsPerBlock = 1000;
        double block = Timing.Median(warmups: 20, repetitions: 200, () =>
        {
            using var scope = NewDisposeScope();
            for (int i = 0; i < OpsPerBlock; i++) _ = a + b;
        });
        new Measurement(Side.Name, "tiny_add", block / OpsPerBlock * 1e6, "us").Print();
    }

    /// <summary>Keras's predict: inference mode, no gradients, in batches, the outputs concatenated.</summary>
    private static void Predict(nn.Module<Tensor, Tensor> model, Tensor x, int batchSize)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long n = x.shape[0];
        var outputs = new List<Tensor>();
        for (long start = 0; start < n; start += batchSize) outputs.Add(model.call(x.slice(0, start, Math.Min(start + batchSize, n), 1)));
        Tensor all = outputs.Count == 1 ? outputs[0] : cat(outputs, 0);
        GC.KeepAlive(all);
    }
}
