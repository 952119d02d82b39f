namespace Strata;

/// <summary>
/// A tensor whose value can change: model weights and optimizer slots. It is usable wherever a
/// tensor is; a <see cref="GradientTape"/> watches trainable variables without being told.
/// </summary>
public class Variable : Tensor
{
    private static int _counter;

    public Variable(Tensor initialValue, bool trainable = true, string? name = null)
        : base(CopyOf(initialValue).Buffer, 0, initialValue.Shape, initialValue.DType)
    {
        Trainable = trainable;
        Name = name ?? $"variable_{Interlocked.Increment(ref _counter)}";
    }

    public string Name { get; }

    /// <summary>Whether optimizers update it and tapes watch it automatically.</summary>
    public bool Trainable { get; set; }

    /// <summary>The current value as an independent tensor (later assignments do not change it).</summary>
    public Tensor Value => Copy();

    /// <summary>Replaces the value in place; the shape and dtype must stay the same.</summary>
    public void Assign(Tensor value)
    {
        CheckCompatible(value, nameof(Assign));
        Tensor converted = value.AsType(DType);
        System.Array.Copy(converted.Buffer, converted.Offset, Buffer, Offset, Size);
    }

    public void AssignAdd(Tensor delta) => Assign(Ops.Add(this, delta));

    public void AssignSub(Tensor delta) => Assign(Ops.Subtract(this, delta));

    private void CheckCompatible(Tensor value, string op)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape)
        {
            throw new ArgumentException($"Variable.{op}: '{Name}' has shape {Shape}, the new value has shape {value.Shape}.", nameof(value));
        }
    }

    private static Tensor CopyOf(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.Copy();
    }

    public override string ToString() => $"<Variable '{Name}'> " + base.ToString();
}
