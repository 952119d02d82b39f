using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Tests;

/// <summary>
/// One ILGPU CPU accelerator for all the tests (compiling the kernels takes a while), with helpers to move
/// Strata tensors to it and back.
/// </summary>
internal static class Simulator
{
    private static readonly Lazy<GpuAccelerator> Shared = new(GpuAccelerator.CpuSimulator);

    // The accelerator runs one launch at a time; tests share it.
    public static readonly object Gate = new();

    public static GpuAccelerator Gpu => Shared.Value;

    public static GpuKernels Kernels => Shared.Value.Kernels;

    public static Accelerator Accelerator => Shared.Value.Accelerator;

    public static MemoryBuffer1D<float, Stride1D.Dense> Upload(Tensor t) => Accelerator.Allocate1D(t.AsType(DType.Float32).ToArray<float>());

    /// <summary>A buffer of zeros (ILGPU's allocations are not cleared).</summary>
    public static MemoryBuffer1D<float, Stride1D.Dense> Zeros(int length)
    {
        MemoryBuffer1D<float, Stride1D.Dense> buffer = Accelerator.Allocate1D<float>(length);
        buffer.MemSetToZero();
        return buffer;
    }

    public static float[] Download(MemoryBuffer1D<float, Stride1D.Dense> buffer)
    {
        Accelerator.Synchronize();
        return buffer.GetAsArray1D();
    }

    /// <summary>Values in [-2, 2) from a seed, with the given shape.</summary>
    public static Tensor Random(int seed, params int[] shape) => Tensor.Uniform(shape, -2f, 2f, seed);

    public static void AssertClose(Tensor expected, float[] actual, float tolerance = 1e-5f)
    {
        float[] e = expected.AsType(DType.Float32).ToArray<float>();
        Assert.Equal(e.Length, actual.Length);
        for (int i = 0; i < e.Length; i++)
        {
            if (float.IsNaN(e[i]))
            {
                Assert.True(float.IsNaN(actual[i]), $"element {i}: expected NaN, got {actual[i]}");
                continue;
            }
            float bound = tolerance * Math.Max(1f, Math.Abs(e[i]));
            Assert.True(Math.Abs(e[i] - actual[i]) <= bound, $"element {i}: expected {e[i]}, got {actual[i]} (tolerance {bound})");
        }
    }
}
