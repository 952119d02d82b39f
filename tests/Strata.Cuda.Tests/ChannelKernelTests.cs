using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Tests;

/// <summary>Batch normalization's passes and padding on the GPU, against sums worked out here in double and the CPU's ops.</summary>
public class ChannelKernelTests
{
    // More rows than one block of 256, and a last block cut short.
    private const int Rows = 3 * Strata.Kernels.BatchNormKernel.Block + 11, Channels = 7;

    [Fact]
    public void Moments_are_the_channels_means_and_biased_variances()
    {
        Tensor x = (Simulator.Random(60, Rows, Channels) * 3f) + 1.5f;
        float[] xs = x.ToArray<float>();
        var expected = new float[2 * Channels];
        for (int c = 0; c < Channels; c++)
        {
            double mean = Enumerable.Range(0, Rows).Average(r => (double)xs[(r * Channels) + c]);
            expected[c] = (float)mean;
            expected[Channels + c] = (float)Enumerable.Range(0, Rows).Average(r => Math.Pow(xs[(r * Channels) + c] - mean, 2));
        }
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var moments = Simulator.Zeros(2 * Channels);
            using var partial = Simulator.Zeros(4 * Channels);
            Simulator.Kernels.Moments(dx.View, moments.View, partial.View, Channels, Strata.Kernels.BatchNormKernel.Block);
            float[] actual = Simulator.Download(moments);
            Simulator.AssertClose(Tensor.FromArray(expected, 2, Channels), actual, 1e-5f);
            Simulator.AssertClose(Ops.Moments(x), actual, 1e-6f); // the CPU's op, summed in the same blocks
        }
    }

    [Fact]
    public void The_gradient_sums_are_the_sums_of_g_and_of_g_times_x()
    {
        Tensor x = Simulator.Random(61, Rows, Channels), g = Simulator.Random(62, Rows, Channels);
        float[] xs = x.ToArray<float>(), gs = g.ToArray<float>();
        var expected = new float[2 * Channels];
        for (int c = 0; c < Channels; c++)
        {
            expected[c] = (float)Enumerable.Range(0, Rows).Sum(r => (double)gs[(r * Channels) + c]);
            expected[Channels + c] = (float)Enumerable.Range(0, Rows).Sum(r => (double)gs[(r * Channels) + c] * xs[(r * Channels) + c]);
        }
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var dg = Simulator.Upload(g);
            using var sums = Simulator.Zeros(2 * Channels);
            using var partial = Simulator.Zeros(4 * Channels);
            Simulator.Kernels.GradientSums(dx.View, dg.View, sums.View, partial.View, Channels, Strata.Kernels.BatchNormKernel.Block);
            float[] actual = Simulator.Download(sums);
            for (int i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-3f, $"sum {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void Scale_and_shift_per_channel_is_the_CPU_op()
    {
        Tensor x = Simulator.Random(63, 5, 3, Channels), scale = Simulator.Random(64, Channels), shift = Simulator.Random(65, Channels);
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var ds = Simulator.Upload(scale);
            using var dt = Simulator.Upload(shift);
            using var y = Simulator.Zeros(x.Size);
            Simulator.Kernels.ScaleShift(dx.View, ds.View, dt.View, y.View);
            Simulator.AssertClose(Ops.ScaleShift(x, scale, shift), Simulator.Download(y));
        }
    }

    [Fact]
    public void Placing_inside_zeros_is_the_CPU_pad()
    {
        Tensor x = Simulator.Random(66, 3, 5, 2);
        (int, int)[] padding = [(1, 0), (2, 3), (0, 1)];
        Tensor expected = Ops.Pad(x, padding);
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var y = Simulator.Upload(Tensor.Full(expected.Shape.ToArray(), 9f)); // stale values the kernel must clear
            int[] placing = Kernels.CopyKernels.PlaceLayout(x.Shape, expected.Shape, [1, 2, 0]);
            using var layout = Simulator.Accelerator.Allocate1D(placing);
            Simulator.Kernels.Place(dx.View, y.View, layout.View);
            Simulator.AssertClose(expected, Simulator.Download(y), 0f);
        }
    }
}
