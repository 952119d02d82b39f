using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

/// <summary>
/// The numbers a step's launches leave for the host (the label checks' flags, the running loss's and metrics' sums),
/// zeroed by the step's first launch and copied back in one copy once the launches are done.
/// </summary>
internal sealed class Readback(Accelerator accelerator, Func<IDisposable, IDisposable> own)
{
    private int _count;
    private ArrayView<float> _device;

    /// <summary>The numbers as copied back by the last <see cref="Download"/>.</summary>
    public float[] Values { get; private set; } = [];

    /// <summary>Reserves <paramref name="count"/> numbers; the view is valid once the step is planned (<see cref="Allocate"/>).</summary>
    public int Reserve(int count)
    {
        int at = _count;
        _count += count;
        return at;
    }

    public void Allocate()
    {
        Values = new float[_count];
        if (_count > 0) _device = ((MemoryBuffer1D<float, Stride1D.Dense>)own(accelerator.Allocate1D<float>(_count))).View;
    }

    /// <summary>The device's numbers <paramref name="at"/>.. (what a launch writes).</summary>
    public ArrayView<float> View(int at, int count) => _device.SubView(at, count);

    /// <summary>Zeros the numbers, as a step's first launch (a flag stays raised only if this run raised it).</summary>
    public void Clear(GpuKernels kernels)
    {
        if (_count > 0) kernels.Zero(_device);
    }

    /// <summary>Copies the numbers back (after the launches, on the same stream).</summary>
    public void Download(AcceleratorStream stream)
    {
        if (_count > 0) _device.CopyToCPU(stream, Values);
    }
}
