using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

/// <summary>
/// A few numbers of a step, in one small device buffer and its host copy, so that one copy moves them across a run:
/// reserved while the step is planned (<see cref="Reserve"/>), allocated once it is (<see cref="Allocate"/>).
/// </summary>
internal abstract class StepNumbers(Accelerator accelerator, Func<IDisposable, IDisposable> own)
{
    private int _count;

    /// <summary>The host's copy.</summary>
    protected float[] Host { get; private set; } = [];

    /// <summary>The device's copy (empty when nothing was reserved).</summary>
    protected ArrayView<float> Device { get; private set; }

    /// <summary>Reserves <paramref name="count"/> numbers; their view is valid once the step is planned (<see cref="Allocate"/>).</summary>
    public int Reserve(int count)
    {
        int at = _count;
        _count += count;
        return at;
    }

    /// <summary>Allocates both copies, once every number is reserved.</summary>
    public void Allocate()
    {
        Host = new float[_count];
        if (_count > 0) Device = ((MemoryBuffer1D<float, Stride1D.Dense>)own(accelerator.Allocate1D<float>(_count))).View;
    }

    /// <summary>The device's numbers <paramref name="at"/>.. (what a launch reads or writes).</summary>
    public ArrayView<float> View(int at, int count) => Device.SubView(at, count);
}
