namespace Strata.Compilation;

/// <summary>
/// A compiled step as a device other than the CPU runs it (a GPU package makes it from the CPU's
/// <see cref="Executable"/>, whose host storage it shares for the nodes it leaves to the CPU). Its outputs are the
/// executable's host tensors, as a CPU replay leaves them.
/// </summary>
internal abstract class DeviceStep : IDisposable
{
    /// <summary>The device it was made for: a step is remade when <see cref="Engine.Device"/> changes.</summary>
    public abstract Device Device { get; }

    /// <summary>Runs the step on <paramref name="inputs"/> and returns its results in host tensors.</summary>
    public abstract Tensor[] Run(IReadOnlyList<Tensor> inputs);

    public abstract void Dispose();
}
