using System.Numerics.Tensors;
using Strata.Kernels;

namespace Strata.Tests.Kernels;

public class RmspropKernelTests
{
    /// <summary>The one-pass update against the eight array-wide passes it replaced, on a length that splits over threads with a ragged tail.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OnePassEqualsTheStepByStepUpdate(int threads)
    {
        const int N = 100_003;
        const float Rho = 0.9f, Epsilon = 1e-7f, Lr = 0.001f;
        float[] g = Tensor.Normal([N], seed: 1).ToArray<float>();
        float[] v = Tensor.Uniform([N], seed: 2).ToArray<float>(), w = Tensor.Normal([N], seed: 3).ToArray<float>();
        float[] vExpected = (float[])v.Clone(), wExpected = (float[])w.Clone(), increment = new float[N], denominator = new float[N];

        TensorPrimitives.Multiply(g, g, increment);
        TensorPrimitives.Multiply(increment, 1f - Rho, increment);
        TensorPrimitives.MultiplyAdd(vExpected, Rho, increment, vExpected);
        TensorPrimitives.Add(vExpected, Epsilon, denominator);
        TensorPrimitives.Sqrt(denominator, denominator);
        TensorPrimitives.Multiply(g, Lr, increment);
        TensorPrimitives.Divide(increment, denominator, increment);
        TensorPrimitives.Subtract(wExpected, increment, wExpected);

        int saved = Engine.Threads;
        try
        {
            Engine.Threads = threads;
            RmspropKernel.Update(g, v, w, Rho, Epsilon, Lr);
        }
        finally
        {
            Engine.Threads = saved;
        }
        Assert.Equal(vExpected, v);
        Assert.Equal(wExpected, w);
    }
}
