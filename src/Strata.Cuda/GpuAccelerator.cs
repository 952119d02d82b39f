using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using Strata.Cuda.Compilation;

namespace Strata.Cuda;

/// <summary>
/// An ILGPU context and accelerator, and the kernels compiled for it: a CUDA GPU, or ILGPU's CPU accelerator,
/// which runs the very same kernels on the CPU (how the tests check them on a machine without a GPU).
/// </summary>
internal sealed class GpuAccelerator(Context context, Accelerator accelerator) : IDisposable
{
    public Accelerator Accelerator { get; } = accelerator;

    /// <summary>The kernels, compiled on first use for this accelerator.</summary>
    public GpuKernels Kernels => _kernels ??= new GpuKernels(Accelerator);

    private GpuKernels? _kernels;

    /// <summary>The loops' data held on the device while it takes at most half the device's memory.</summary>
    public ResidentData Data => _data ??= new ResidentData(Accelerator, Accelerator.MemorySize / 2);

    private ResidentData? _data;

    /// <summary>
    /// How steps' launches are captured as graphs: CUDA graphs on a CUDA GPU, recorded launches on the simulator; null
    /// (with why) when the driver cannot, or STRATA_CUDA_GRAPHS=0 turns them off.
    /// </summary>
    public IStepGraphs? Graphs(out string? why)
    {
        why = null;
        if (Environment.GetEnvironmentVariable("STRATA_CUDA_GRAPHS") == "0")
        {
            why = "STRATA_CUDA_GRAPHS=0";
            return null;
        }
        if (_graphs is not null) return _graphs;
        _graphs = Accelerator is ILGPU.Runtime.Cuda.CudaAccelerator
            ? Native.CudaGraphs.TryLoad(((ILGPU.Runtime.Cuda.CudaStream)Kernels.Stream).StreamPtr, out why)
            : new RecordedGraphs(Kernels);
        return _graphs;
    }

    private IStepGraphs? _graphs;

    /// <summary>ILGPU's CPU accelerator: the GPU kernels run on the CPU, with the GPU's threads and groups simulated.</summary>
    public static GpuAccelerator CpuSimulator()
    {
        Context context = Context.Create(builder => builder.CPU().Math(MathMode.Fast32BitOnly).EnableAlgorithms());
        return new GpuAccelerator(context, context.CreateCPUAccelerator(0));
    }

    public void Dispose()
    {
        _kernels?.Dispose();
        _data?.Dispose();
        Accelerator.Dispose();
        context.Dispose();
    }
}
