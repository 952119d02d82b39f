using Strata.Compilation;

namespace Strata;

/// <summary>
/// A tensor whose value can change: model weights and optimizer slots. It is usable wherever a
/// tensor is; a <see cref="GradientTape"/> watches trainable variables without being told.
/// </summary>
public class Variable : Tensor
{
    private static int _counter;

    /// <summary>A variable holding a copy of <paramref name="initialValue"/>, with its shape and dtype.</summary>
    /// <param name="initialValue">The first value; copied, so later changes to it do not reach the variable.</param>
    /// <param name="trainable">Whether optimizers update it and tapes watch it automatically; true by default.</param>
    /// <param name="name">Its name; "variable_N" with a process-wide counter when null.</param>
    public Variable(Tensor initialValue, bool trainable = true, string? name = null)
        : base(DTypes.NewBuffer(CheckNotNull(initialValue).DType, initialValue.Size), 0, initialValue.Shape, initialValue.DType)
    {
        // Not an op: a variable made inside a traced step (a layer built on its first call) is state, not a value of the step.
        System.Array.Copy(initialValue.Buffer, initialValue.Offset, Buffer, 0, Size);
        Trainable = trainable;
        Name = name ?? $"variable_{Interlocked.Increment(ref _counter)}";
    }

    private Array? _home;
    private IDeviceCopy? _device;

    /// <summary>A device's copy of a variable, the current one while the variable is left on that device.</summary>
    internal interface IDeviceCopy
    {
        /// <summary>Copies the device's value of <paramref name="variable"/> into <paramref name="home"/>, its host storage.</summary>
        void CopyToHost(Variable variable, Array home);
    }

    /// <summary>
    /// Leaves the current value on <paramref name="device"/> (a GPU step that updated it): the host's storage is not
    /// current until something on the host uses it, which copies the value back first. So a model trained on a GPU
    /// keeps its weights there from step to step, and the host still always sees the current weights.
    /// </summary>
    internal void LeaveOnDevice(IDeviceCopy device)
    {
        lock (this)
        {
            if (_device is null) _home = Buffer;
            _device = device;
            ReleaseBuffer();
        }
    }

    /// <summary>Whether <paramref name="device"/> holds the current value (left there, and not used on the host since).</summary>
    internal bool IsOnDevice(IDeviceCopy device) => ReferenceEquals(_device, device);

    private protected override Array Realize()
    {
        lock (this)
        {
            // Another thread may have brought the value home while this one waited for the lock.
            if (CurrentBuffer is Array home0) return home0;
            if (_device is not IDeviceCopy device) return base.Realize();
            Array home = _home!;
            device.CopyToHost(this, home);
            _device = null;
            _home = null;
            PublishBuffer(home);
            return home;
        }
    }

    /// <summary>The name given at creation, or "variable_N".</summary>
    public string Name { get; }

    /// <summary>Whether optimizers update it and tapes watch it automatically.</summary>
    public bool Trainable { get; set; }

    /// <summary>The current value as an independent tensor (later assignments do not change it).</summary>
    public Tensor Value => Copy();

    /// <summary>Replaces the value in place; the shape and dtype must stay the same.</summary>
    public void Assign(Tensor value)
    {
        CheckCompatible(value, nameof(Assign));
        // A kernel writing into the variable: a compiled step records the assignment and replays it.
        Trace.Run(AssignKernel, [value.AsType(DType)], this);
    }

    /// <summary>Adds <paramref name="delta"/> in place (broadcasting as <see cref="Ops.Add"/>); the shape must stay the same.</summary>
    public void AssignAdd(Tensor delta) => Assign(Ops.Add(this, delta));

    /// <summary>Subtracts <paramref name="delta"/> in place (broadcasting as <see cref="Ops.Subtract"/>); the shape must stay the same.</summary>
    public void AssignSub(Tensor delta) => Assign(Ops.Subtract(this, delta));

    private void CheckCompatible(Tensor value, string op)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape)
        {
            throw new ArgumentException($"Variable.{op}: '{Name}' has shape {Shape}, the new value has shape {value.Shape}.", nameof(value));
        }
    }

    private static Tensor CheckNotNull(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t;
    }

    /// <summary>The one assignment kernel: a node running it copies its input into the variable it writes (another backend finds it by this identity).</summary>
    internal static readonly Kernel AssignKernel = new("Assign", static (x, v) => System.Array.Copy(x[0].Buffer, x[0].Offset, v.Buffer, v.Offset, v.Size)) { Pure = false };

    /// <summary>The name, then the value as <see cref="Tensor.ToString"/> prints it.</summary>
    public override string ToString() => $"<Variable '{Name}'> " + base.ToString();
}
