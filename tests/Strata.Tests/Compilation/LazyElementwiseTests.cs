namespace Strata.Tests.Compilation;

/// <summary>
/// Large elementwise results wait until read, and a chain of them is computed in one pass: the values
/// are exactly the ops' one by one, and the intermediates are never stored (issue 11, memory).
/// </summary>
public class LazyElementwiseTests
{
    private const int N = 1 << 21; // above the lazy threshold

    [Fact]
    public void ScalingImagesStoresOneFloatCopyAndGivesTheExactValues()
    {
        byte[] pixels = new byte[N];
        for (int i = 0; i < N; i++) pixels[i] = (byte)(i * 31 % 256);
        Tensor images = Tensor.FromArray(pixels, N / 1024, 1024);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Tensor floats = images.AsType(DType.Float32);
        Tensor scaled = floats / 255f;
        float[] values = scaled.ToArray<float>(); // the first read computes the chain
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(floats.Pending); // the float copy of the images was never stored
        Assert.Null(scaled.Pending);
        // One float array for the result and one for ToArray's copy, not a third for the intermediate.
        Assert.True(allocated < 2.5 * 4L * N, $"{allocated:N0} bytes allocated for {N:N0} elements");
        for (int i = 0; i < N; i++) Assert.Equal(pixels[i] / 255f, values[i]);
    }

    [Fact]
    public void ALazyChainEqualsTheOpsRunOneByOne()
    {
        Tensor x = Tensor.Uniform([N], -3f, 3f, seed: 1), bias = Tensor.Uniform([1024], seed: 2);
        Tensor lazy = Ops.Where(Ops.Greater(x, Tensor.Scalar(0f)), Ops.Tanh(Ops.Reshape(x, N / 1024, 1024) + bias).Reshape(N), Ops.Exp(x) * 0.5f);
        float[] fused = lazy.ToArray<float>();

        float[] xs = x.ToArray<float>(), bs = bias.ToArray<float>();
        for (int i = 0; i < N; i += 997)
        {
            float expected = xs[i] > 0f ? MathF.Tanh(xs[i] + bs[i % 1024]) : MathF.Exp(xs[i]) * 0.5f;
            Assert.Equal(expected, fused[i], 2e-6f * Math.Max(1f, Math.Abs(expected))); // MathF and TensorPrimitives may differ in the last bit
        }
        // Small tensors run at once through the same kernels: the lazy result matches them bit for bit.
        Tensor part = x[..4096];
        Tensor small = Ops.Where(Ops.Greater(part, Tensor.Scalar(0f)), Ops.Tanh(Ops.Reshape(part, 4, 1024) + bias).Reshape(4096), Ops.Exp(part) * 0.5f);
        Assert.Equal(small.ToArray<float>(), fused[..4096]);
    }

    [Fact]
    public void GradientsFlowThroughLazyResults()
    {
        Tensor x = Tensor.Uniform([N], seed: 3);
        Tensor gradient;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            Tensor loss = Ops.Sum(Ops.Square(x * 2f));
            gradient = tape.Gradient(loss, x);
        }
        float[] xs = x.ToArray<float>(), g = gradient.ToArray<float>();
        for (int i = 0; i < N; i += 4099) Assert.Equal(8f * xs[i], g[i], 5);
    }
}

/// <summary>A result computed from a variable keeps the value the variable had then, however large.</summary>
public class LazyVariableTests
{
    [Fact]
    public void AnOpOnAVariableIsNotDelayedPastAnAssignment()
    {
        var v = new Variable(Tensor.Full([1 << 21], 1f));
        Tensor doubled = v * 2f;
        v.Assign(Tensor.Full([1 << 21], 5f));
        Assert.Equal(2f, doubled.ToArray<float>()[12345]);
    }
}
