namespace Strata.Compilation;

/// <summary>
/// A step function compiled per input signature (the shapes and dtypes of its arguments): the
/// first calls run it eagerly while tracing it; once two consecutive traces agree, the graph is
/// planned and every later call with that signature replays it. A step that cannot be traced (it
/// reads values on the host, or traces differently each time) stays eager, and says why once.
/// </summary>
internal sealed class CompiledStep(string what, Func<Tensor[], Tensor[]> step)
{
    private const int MaxTraces = 4;

    private readonly List<Signature> _signatures = [];
    private Signature? _last;
    private int _busy;

    /// <summary>Whether calls may compile (tests turn it off to compare with the eager path).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The executables compiled so far, one per signature.</summary>
    public IEnumerable<Executable> Executables => _signatures.Select(s => s.Executable).OfType<Executable>();

    /// <summary>The steps a device made of the executables (tests read where each node ran).</summary>
    public IEnumerable<DeviceStep> DeviceSteps => _signatures.Select(s => s.DeviceStep).OfType<DeviceStep>();

    /// <summary>Why a signature stays eager, if one does.</summary>
    public IEnumerable<string> EagerReasons => _signatures.Select(s => s.EagerReason).OfType<string>();

    /// <summary>Runs the step on <paramref name="inputs"/> for its effects (a training step).</summary>
    public void Run(Tensor[] inputs) => Run(inputs, static _ => 0);

    /// <summary>
    /// Runs the step on <paramref name="inputs"/> and hands its results to <paramref name="read"/>. The
    /// results of a replay live in the step's own buffers, valid only inside <paramref name="read"/>:
    /// it copies what the caller keeps.
    /// </summary>
    public TResult Run<TResult>(Tensor[] inputs, Func<Tensor[], TResult> read)
    {
        if (!Enabled || Trace.Active || GradientTape.IsRecording(inputs)) return read(step(inputs)); // inside another trace or tape: plain ops
        // One call at a time uses the step's buffers; a concurrent call (Predict from another thread) runs eagerly.
        if (Interlocked.Exchange(ref _busy, 1) == 1) return read(step(inputs));
        try
        {
            return read(RunAlone(inputs));
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private Tensor[] RunAlone(Tensor[] inputs)
    {
        Signature signature = Find(inputs);
        if (signature.Executable is Executable ready)
        {
            if (ready.SameTrainableVariables())
            {
                if (OnDevice(signature, ready) is DeviceStep device) return device.Run(inputs);
                ready.Run(inputs);
                return ready.Outputs;
            }
            signature.Executable = null; // a variable was frozen or unfrozen: its gradients change, trace again
            signature.DeviceStep?.Dispose();
            signature.DeviceStep = null;
            signature.Previous = null;
        }
        if (signature.EagerReason is not null) return step(inputs);
        return TraceOnce(signature, inputs);
    }

    /// <summary>The step as <see cref="Engine.Device"/> runs it, made once per device; null on the CPU.</summary>
    private static DeviceStep? OnDevice(Signature signature, Executable executable)
    {
        Device device = Engine.Device;
        if (signature.DeviceStep?.Device == device) return signature.DeviceStep;
        signature.DeviceStep?.Dispose();
        return signature.DeviceStep = device.Prepare(executable);
    }

    /// <summary>Forgets every compiled signature (the model's structure, trainable flags or compilation changed).</summary>
    public void Clear()
    {
        foreach (Signature s in _signatures) s.DeviceStep?.Dispose();
        _signatures.Clear();
        _last = null;
    }

    private Tensor[] TraceOnce(Signature signature, Tensor[] inputs)
    {
        (Tensor[] results, Trace trace) = Trace.Record(inputs, () => step(inputs));
        if (trace.Invalid is string reason)
        {
            StayEager(signature, reason);
            return results;
        }
        Graph graph = trace.ToGraph(results);
        string? difference = null;
        if (signature.Previous is Graph previous && previous.SameAs(graph, out difference))
        {
            signature.Executable = new Executable(Compiler.Optimize(graph).WithoutTraceValues());
            signature.Previous = null;
        }
        else if (++signature.Traces >= MaxTraces)
        {
            StayEager(signature, $"it traces differently on every call ({difference})");
        }
        else
        {
            signature.Previous = graph;
        }
        return results;
    }

    private void StayEager(Signature signature, string reason)
    {
        signature.EagerReason = reason;
        signature.Previous = null;
        Engine.Warnings.WriteLine($"Strata: {what} runs eagerly (not compiled) for inputs {signature}: {reason}.");
    }

    private Signature Find(Tensor[] inputs)
    {
        if (_last is not null && _last.Matches(inputs)) return _last;
        foreach (Signature s in _signatures)
        {
            if (s.Matches(inputs)) return _last = s;
        }
        var created = new Signature(inputs);
        _signatures.Add(created);
        return _last = created;
    }

    /// <summary>One input signature and what is known of it: traces so far, the executable, or why it stays eager.</summary>
    private sealed class Signature(Tensor[] inputs)
    {
        private readonly (Shape Shape, DType DType)[] _inputs = inputs.Select(t => (t.Shape, t.DType)).ToArray();

        public Graph? Previous { get; set; }

        public Executable? Executable { get; set; }

        public DeviceStep? DeviceStep { get; set; }

        public string? EagerReason { get; set; }

        public int Traces { get; set; }

        public bool Matches(Tensor[] inputs)
        {
            if (inputs.Length != _inputs.Length) return false;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].DType != _inputs[i].DType || inputs[i].Shape != _inputs[i].Shape) return false;
            }
            return true;
        }

        public override string ToString() => string.Join(", ", _inputs.Select(i => $"{i.Shape} {i.DType.Name()}"));
    }
}
