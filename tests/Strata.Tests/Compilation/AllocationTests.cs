using Strata.Callbacks;
using Strata.Layers;

namespace Strata.Tests.Compilation;

/// <summary>Issue 6: a steady-state training step allocates at most 1 KiB of managed memory (a count, not a time).</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(784, 512, 10, "softmax", "categorical_crossentropy")]
    [InlineData(2000, 16, 1, "sigmoid", "binary_crossentropy")]
    public void ASteadyTrainingStepAllocatesAtMostOneKibibyte(int features, int hidden, int outputs, string activation, string loss)
    {
        Strata.Random.SetSeed(1);
        const int Samples = 2048, Batch = 128;
        Tensor x = Tensor.Uniform([Samples, features], seed: 2);
        Tensor labels = Tensor.FromArray(Enumerable.Range(0, Samples).Select(i => i * 7 % Math.Max(2, outputs)).ToArray());
        Tensor y = outputs == 1 ? labels.AsType(DType.Float32) : Utils.ToCategorical(labels, outputs);
        var model = new Sequential([new Dense(hidden, activation: "relu"), new Dense(outputs, activation: activation)]);
        model.Compile(optimizer: "rmsprop", loss: loss, metrics: ["accuracy"]);

        // As the benchmark measures it: between batch-begin hooks of the second epoch, on the training thread.
        long first = 0, last = 0;
        int firstStep = -1, lastStep = -1, epoch = 0;
        var probe = new LambdaCallback(
            onEpochBegin: (e, _) => epoch = e,
            onTrainBatchBegin: (step, _) =>
            {
                if (epoch != 1) return;
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                if (firstStep < 0) (firstStep, first) = (step, bytes);
                (lastStep, last) = (step, bytes);
            });
        model.Fit(x, y, epochs: 2, batchSize: Batch, verbose: 0, callbacks: [probe]);

        Assert.NotEmpty(model.TrainStepFunction!.Executables);
        Assert.Equal(Samples / Batch - 1, lastStep - firstStep);
        double perStep = (double)(last - first) / (lastStep - firstStep);
        Assert.True(perStep <= 1024, $"{perStep:F0} bytes allocated per training step (at most 1024 expected)");
    }
}
