using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Compilation;

/// <summary>
/// The few numbers a step's launches read that change from run to run (an optimizer's learning rate and step size,
/// where a batch starts in the data the device holds): set on the host before the launches and copied up in one
/// copy, so that the launches themselves, read from fixed device memory, replay as one captured graph.
/// </summary>
internal sealed class StepScalars(Accelerator accelerator, Func<IDisposable, IDisposable> own) : StepNumbers(accelerator, own)
{
    private bool _changed;

    public void Set(int at, ReadOnlySpan<float> values)
    {
        values.CopyTo(Host.AsSpan(at));
        _changed = true;
    }

    /// <summary>An integer, kept as the bits of a float (a kernel reads it back with Interop.FloatAsInt): exact at any size.</summary>
    public void SetInt(int at, int value) => Set(at, [BitConverter.Int32BitsToSingle(value)]);

    /// <summary>Copies the numbers up if any changed since the last copy.</summary>
    public void Upload(AcceleratorStream stream)
    {
        if (!_changed) return;
        Device.CopyFromCPU(stream, Host);
        _changed = false;
    }
}
