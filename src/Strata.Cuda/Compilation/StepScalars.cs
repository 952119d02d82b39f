using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

/// <summary>
/// The few numbers a step's launches read that change from run to run (an optimizer's learning rate and step size,
/// where a batch starts in the data the device holds): set on the host before the launches and copied up in one
/// copy, so that the launches themselves, read from fixed device memory, replay as one captured graph.
/// </summary>
internal sealed class StepScalars(Accelerator accelerator, Func<IDisposable, IDisposable> own)
{
    private readonly List<float> _host = [];
    private float[] _values = [];
    private ArrayView<float> _device;
    private bool _changed;

    /// <summary>Reserves <paramref name="count"/> numbers; the view is valid once the step is planned (<see cref="Allocate"/>).</summary>
    public int Reserve(int count)
    {
        int at = _host.Count;
        _host.AddRange(new float[count]);
        return at;
    }

    /// <summary>Allocates the device's copy, once every number is reserved.</summary>
    public void Allocate()
    {
        _values = [.. _host];
        if (_values.Length > 0) _device = ((MemoryBuffer1D<float, Stride1D.Dense>)own(accelerator.Allocate1D<float>(_values.Length))).View;
    }

    /// <summary>The device's copy of numbers <paramref name="at"/>.. (what a launch reads).</summary>
    public ArrayView<float> View(int at, int count) => _device.SubView(at, count);

    public void Set(int at, ReadOnlySpan<float> values)
    {
        values.CopyTo(_values.AsSpan(at));
        _changed = true;
    }

    /// <summary>An integer, kept as the bits of a float (a kernel reads it back with Interop.FloatAsInt): exact at any size.</summary>
    public void SetInt(int at, int value) => Set(at, [BitConverter.Int32BitsToSingle(value)]);

    /// <summary>Copies the numbers up if any changed since the last copy.</summary>
    public void Upload(AcceleratorStream stream)
    {
        if (!_changed) return;
        _device.CopyFromCPU(stream, _values);
        _changed = false;
    }
}
