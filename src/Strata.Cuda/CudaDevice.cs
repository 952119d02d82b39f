using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Strata.Compilation;
using Strata.Cuda.Compilation;

namespace Strata.Cuda;

/// <summary>
/// One NVIDIA GPU, opened through the driver: <c>Device.Cuda()</c> (the first GPU) or <c>Device.Cuda(ordinal)</c>.
/// <code>
/// if (Device.IsCudaAvailable) Console.WriteLine(Device.Cuda());   // cuda:0 (NVIDIA H100 80GB HBM3, 79.1 GiB)
/// </code>
/// </summary>
public sealed class CudaDevice : Device, IDisposable
{
    private CudaDevice(int ordinal, GpuAccelerator gpu)
    {
        Ordinal = ordinal;
        Gpu = gpu;
    }

    /// <summary>The GPU's index among the driver's CUDA devices (CUDA's device ordinal).</summary>
    public int Ordinal { get; }

    /// <summary>The GPU's model, as the driver names it.</summary>
    public string Model => Gpu.Accelerator.Name;

    /// <summary>The GPU's memory in bytes.</summary>
    public long MemoryBytes => Gpu.Accelerator.MemorySize;

    /// <inheritdoc/>
    public override string Name => $"cuda:{Ordinal}";

    internal GpuAccelerator Gpu { get; }

    /// <summary>"cuda:0 (NVIDIA H100 80GB HBM3, 79.1 GiB)".</summary>
    public override string ToString() => $"{Name} ({Model}, {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB)";

    /// <summary>Releases the GPU's context and the memory Strata holds on it.</summary>
    public void Dispose() => Gpu.Dispose();

    internal override DeviceStep? Prepare(Executable executable) => new GpuStep(this, Gpu, executable);

    internal static CudaDevice Open(int ordinal)
    {
        (IReadOnlyList<string> gpus, string? problem) = CudaDriver.Probe();
        if (problem is not null) throw new InvalidOperationException($"Device.Cuda: {problem}");
        if (ordinal < 0 || ordinal >= gpus.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), $"Device.Cuda: there is no CUDA GPU {ordinal}; the driver reports {gpus.Count}: {string.Join(", ", gpus.Select((g, i) => $"{i} {g}"))}.");
        }
        Context context = Context.Create(builder => builder.Cuda().Math(MathMode.Fast32BitOnly).EnableAlgorithms());
        return new CudaDevice(ordinal, new GpuAccelerator(context, context.CreateCudaAccelerator(ordinal)));
    }
}
