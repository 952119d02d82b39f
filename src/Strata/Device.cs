namespace Strata;

/// <summary>
/// Where computation runs: <see cref="Cpu"/>, Strata's own kernels on this machine's cores, or a GPU that a
/// satellite package provides (Strata.Cuda: <c>Device.Cuda()</c>, <c>Device.IsCudaAvailable</c>). The core
/// library knows no GPU: a device package plugs its kernels in behind this type.
/// </summary>
public abstract class Device
{
    /// <summary>Strata's CPU kernels (AVX-512 / AVX2 / portable SIMD), parallel over <see cref="Engine.Threads"/>.</summary>
    public static Device Cpu { get; } = new CpuDevice();

    /// <summary>For the devices that packages add (Strata.Cuda's CudaDevice).</summary>
    protected Device()
    {
    }

    /// <summary>A short name for messages: "cpu", "cuda:0".</summary>
    public abstract string Name { get; }

    /// <summary>The name and, for a GPU, its model and memory.</summary>
    public override string ToString() => Name;

    private sealed class CpuDevice : Device
    {
        public override string Name => "cpu";
    }
}
