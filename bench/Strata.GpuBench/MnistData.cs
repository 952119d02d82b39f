using Strata.Datasets;

namespace Strata.GpuBench;

/// <summary>MNIST as images (n, 28, 28, 1) in 0..1 and uint8 labels: the real files when given, else random data of that shape.</summary>
internal sealed record MnistData(Tensor Images, Tensor Labels)
{
    public MnistData Flat() => new(Images.Reshape(Images.Shape[0], 28 * 28), Labels);

    public static (MnistData Train, MnistData Test) Load(Options options)
    {
        if (options.Data is string folder)
        {
            Environment.SetEnvironmentVariable("STRATA_DATASETS", folder);
            var ((trainImages, trainLabels), (testImages, testLabels)) = Mnist.LoadData();
            return (Prepare(trainImages[..options.Samples], trainLabels[..options.Samples]), Prepare(testImages, testLabels));
        }
        // Timing only: values do not change the work. Accuracy is then meaningless (about 0.1).
        return (Random(options.Samples, 1), Random(Math.Min(10000, options.Samples), 2));
    }

    private static MnistData Prepare(Tensor images, Tensor labels) =>
        new(images.Reshape(images.Shape[0], 28, 28, 1).AsType(DType.Float32) / 255f, labels);

    private static MnistData Random(int n, int seed) => new(
        Tensor.Uniform([n, 28, 28, 1], seed: seed),
        Tensor.FromArray(Enumerable.Range(0, n).Select(i => (byte)((i * 7) % 10)).ToArray(), n));
}
