using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

/// <summary>
/// The numbers a step's launches leave for the host (the label checks' flags, the running loss's and metrics' sums),
/// zeroed by the step's first launch and copied back in one copy once the launches are done.
/// </summary>
internal sealed class Readback(Accelerator accelerator, Func<IDisposable, IDisposable> own) : StepNumbers(accelerator, own)
{
    /// <summary>The numbers as copied back by the last <see cref="Download"/>.</summary>
    public float[] Values => Host;

    /// <summary>Zeros the numbers, as a step's first launch (a flag stays raised only if this run raised it).</summary>
    public void Clear(GpuKernels kernels)
    {
        if (Host.Length > 0) kernels.Zero(Device);
    }

    /// <summary>Copies the numbers back (after the launches, on the same stream).</summary>
    public void Download(AcceleratorStream stream)
    {
        if (Host.Length > 0) Device.CopyToCPU(stream, Host);
    }
}
