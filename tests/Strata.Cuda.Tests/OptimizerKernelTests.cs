using ILGPU.Runtime;
using Strata.Optimizers;

namespace Strata.Cuda.Tests;

/// <summary>Three steps of each optimizer's GPU update against the same steps of Strata's optimizer on the CPU.</summary>
public class OptimizerKernelTests
{
    private const int Length = 1001;

    private static Tensor Gradient(int step) => Simulator.Random(100 + step, Length);

    private static float[] Cpu(Optimizer optimizer, Tensor initial)
    {
        var w = new Variable(initial);
        for (int step = 0; step < 3; step++) optimizer.ApplyGradients([(Gradient(step), w)]);
        return w.ToArray<float>();
    }

    private static float[] Gpu(Tensor initial, int slots, Func<int, float[]> hyper, Action<GpuKernels, ILGPU.ArrayView<float>, ILGPU.ArrayView<float>[], ILGPU.ArrayView<float>, ILGPU.ArrayView<float>> update)
    {
        lock (Simulator.Gate)
        {
            using var w = Simulator.Upload(initial);
            var state = Enumerable.Range(0, slots).Select(_ => Simulator.Zeros(Length)).ToArray();
            for (int step = 0; step < 3; step++)
            {
                using var g = Simulator.Upload(Gradient(step));
                using var h = Simulator.Accelerator.Allocate1D<float>(hyper(step));
                update(Simulator.Kernels, g.View, state.Select(s => s.View.BaseView).ToArray(), w.View, h.View);
                Simulator.Accelerator.Synchronize(); // launches are asynchronous: g and h must outlive this one
            }
            float[] result = Simulator.Download(w);
            foreach (var s in state) s.Dispose();
            return result;
        }
    }

    [Fact]
    public void Rmsprop_updates_as_Strata_RMSprop_does()
    {
        Tensor initial = Simulator.Random(1, Length);
        var rmsprop = new RMSprop(learningRate: 0.01);
        float[] expected = Cpu(rmsprop, initial);
        float[] actual = Gpu(initial, 1, _ => [0.01f, rmsprop.Rho, rmsprop.Epsilon], (k, g, s, w, h) => k.Rmsprop(g, s[0], w, h));
        Simulator.AssertClose(Tensor.FromArray(expected, Length), actual, 1e-6f);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.9, false)]
    [InlineData(0.9, true)]
    public void Sgd_updates_as_Strata_SGD_does(double momentum, bool nesterov)
    {
        Tensor initial = Simulator.Random(2, Length);
        float[] expected = Cpu(new SGD(learningRate: 0.1, momentum: momentum, nesterov: nesterov), initial);
        float[] actual = Gpu(initial, 1, _ => [0.1f, (float)momentum, nesterov ? 1f : 0f], (k, g, s, w, h) => k.Sgd(g, s[0], w, h));
        Simulator.AssertClose(Tensor.FromArray(expected, Length), actual, 1e-6f);
    }

    [Fact]
    public void Adam_updates_as_Strata_Adam_does()
    {
        Tensor initial = Simulator.Random(3, Length);
        var adam = new Adam(learningRate: 0.01);
        float[] expected = Cpu(adam, initial);
        // The host's part of the step: alpha = lr·sqrt(1 - beta2^t) / (1 - beta1^t), t counting from 1.
        float[] Hyper(int step)
        {
            float t = step + 1, alpha = 0.01f * MathF.Sqrt(1f - MathF.Pow(adam.Beta2, t)) / (1f - MathF.Pow(adam.Beta1, t));
            return [alpha, adam.Beta1, adam.Beta2, adam.Epsilon];
        }
        float[] actual = Gpu(initial, 2, Hyper, (k, g, s, w, h) => k.Adam(g, s[0], s[1], w, h));
        Simulator.AssertClose(Tensor.FromArray(expected, Length), actual, 1e-6f);
    }
}
