using Strata.Compilation;
using Strata.Cuda.Compilation;

namespace Strata.Cuda;

/// <summary>
/// The GPU backend on ILGPU's CPU accelerator: the same lowering and kernels as on a CUDA GPU, simulated on the CPU,
/// so tests run a whole Fit through the GPU path on a machine without one. Slow; for tests only.
/// </summary>
internal sealed class SimulatedGpu : Device, IDisposable
{
    public GpuAccelerator Gpu { get; } = GpuAccelerator.CpuSimulator();

    public override string Name => "cuda-simulator";

    internal override DeviceStep? Prepare(Executable executable) => new GpuStep(this, Gpu, executable);

    public void Dispose() => Gpu.Dispose();
}
