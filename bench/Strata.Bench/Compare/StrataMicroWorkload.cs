using Strata.Bench.Shared;
using Strata.Datasets;
using Strata.Layers;

namespace Strata.Bench.Compare;

/// <summary>
/// Inference and per-op overhead on the chapter 2 network: Predict on the 10,000 MNIST test images (Keras's
/// default batch of 32), one single-sample Predict, and one 1-element add. Each is a median of repeated
/// timings after a warm-up; the garbage they leave is collected inside the timings, as it would be for a user.
/// </summary>
internal static class StrataMicroWorkload
{
    private const string Side = StrataWorkloads.Side;

    public static void Run(string[] args)
    {
        var (_, (testImages, _)) = Mnist.LoadData();
        Tensor xTest = testImages.Reshape(10000, 28 * 28).AsType(DType.Float32) / 255f;
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy", metrics: ["accuracy"]);

        double batch = Timing.Median(warmups: 1, repetitions: 5, () => model.Predict(xTest, verbose: 0));
        new Measurement(Side, "predict.batch", batch, "s").Print();

        Tensor one = xTest[..1];
        double single = Timing.Median(warmups: 200, repetitions: 2000, () => model.Predict(one, verbose: 0));
        new Measurement(Side, "predict.single", single * 1e6, "us").Print();

        Tensor a = Tensor.FromArray(new[] { 1f }, 1), b = Tensor.FromArray(new[] { 2f }, 1);
        const int OpsPerBlock = 1000;
        double block = Timing.Median(warmups: 20, repetitions: 200, () =>
        {
            for (int i = 0; i < OpsPerBlock; i++) _ = a + b;
        });
        new Measurement(Side, "tiny_add", block / OpsPerBlock * 1e6, "us").Print();
    }
}
