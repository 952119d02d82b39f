namespace Strata.Compilation;

/// <summary>
/// Records a step into a <see cref="Graph"/> while it runs eagerly: every op that runs on this
/// thread adds a node (its kernel and the values it read and wrote), every view a view value, every
/// host step (an optimizer update, a metric's running sum) a node that calls it again on replay.
/// The step's results are real, so the traced call is also an ordinary eager call.
/// A value read on the host outside an op (a branch on data, <c>ToArray</c> in a layer) cannot be
/// replayed: the trace marks itself invalid and says where, and the step stays eager.
/// </summary>
internal sealed class Trace
{
    [ThreadStatic] private static Trace? _current;

    /// <summary>How many traces are recording on any thread: while none is, eager ops skip the thread-local checks.</summary>
    private static int _recording;
    [ThreadStatic] private static int _hostDepth;
    [ThreadStatic] private static string? _layer;

    private readonly List<Value> _values = [];
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<Tensor, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly int[] _inputs;

    private Trace(IReadOnlyList<Tensor> inputs)
    {
        _inputs = new int[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (_ids.TryGetValue(inputs[i], out int known)) _inputs[i] = known; // the same tensor passed twice
            else _inputs[i] = Add(inputs[i], ValueKind.Input);
        }
    }

    /// <summary>Why the step cannot be replayed, or null.</summary>
    public string? Invalid { get; private set; }

    /// <summary>Whether a trace is recording on this thread (outside host steps).</summary>
    public static bool Active => _recording != 0 && _current is not null;

    /// <summary>A placeholder result for host steps, which write none.</summary>
    internal static readonly Tensor NoOutput = Tensor.Scalar(0f);

    /// <summary>Runs <paramref name="step"/> eagerly on <paramref name="inputs"/>, recording it; returns its results and the trace.</summary>
    public static (Tensor[] Results, Trace Trace) Record(IReadOnlyList<Tensor> inputs, Func<Tensor[]> step)
    {
        if (_current is not null) throw new InvalidOperationException("A step is already being traced on this thread.");
        var trace = new Trace(inputs);
        _current = trace;
        Interlocked.Increment(ref _recording);
        Tensor[] results;
        try
        {
            results = step();
        }
        finally
        {
            _current = null;
            Interlocked.Decrement(ref _recording);
        }
        return (results, trace);
    }

    /// <summary>The graph of the recorded step, returning <paramref name="results"/>.</summary>
    public Graph ToGraph(Tensor[] results)
    {
        int[] outputs = results.Select(r => _ids.TryGetValue(r, out int id) ? id : Add(r, Kind(r))).ToArray();
        return new Graph([.. _values], [.. _nodes], _inputs, outputs);
    }

    /// <summary>Runs a kernel into <paramref name="output"/> and, while tracing, records it.</summary>
    public static void Run(Kernel kernel, Tensor[] inputs, Tensor output)
    {
        Trace? trace = _recording == 0 ? null : _current;
        if (trace is null)
        {
            kernel.Run(inputs, output); // the eager path: nothing to record, no host reads to watch
            return;
        }
        _hostDepth++; // a kernel reads its inputs' elements: that is no host read
        try
        {
            kernel.Run(inputs, output);
        }
        finally
        {
            _hostDepth--;
        }
        trace.AddNode(kernel, inputs, output);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the host (an optimizer update, a metric's running sum): not
    /// traced op by op, but recorded as one node that calls it again, with the replayed values, on
    /// every replay. It must use only <paramref name="inputs"/> and state of its own. <paramref name="attributes"/>
    /// say what it does, for a device that can run it itself (an optimizer's update: <see cref="Optimizers.OptimizerStep"/>).
    /// </summary>
    public static void Host(string name, Tensor[] inputs, Action<Tensor[]> action, object? attributes = null)
    {
        Trace? trace = _current;
        using (HostStep()) action(inputs);
        trace?.AddNode(new Kernel(name, (i, _) => action(i)) { Pure = false, Attributes = attributes }, inputs, NoOutput);
    }

    /// <summary>
    /// A host step that keeps running sums: each of <paramref name="terms"/> (a sum, a row or element count of one of
    /// <paramref name="inputs"/>) is worked out and handed to <paramref name="add"/>, now and on every replay.
    /// </summary>
    public static void HostSums(string name, Tensor[] inputs, SumPart[] terms, Action<double[]> add)
    {
        var sums = new RunningSums(terms, add);
        Host(name, inputs, parts => sums.Apply(sums.Of(parts)), sums);
    }

    /// <summary>A view of a recorded value shares its storage: recorded so the plan keeps the storage alive and the replay rebinds it.</summary>
    public static Tensor Viewed(Tensor source, Tensor view)
    {
        if (_current is Trace t && t._ids.TryGetValue(source, out int id) && t._values[id].Kind is ValueKind.Input or ValueKind.Computed or ValueKind.View)
        {
            Value s = t._values[id];
            int root = s.Kind == ValueKind.View ? s.Root : id;
            int start = view.Offset - t._values[root].Tensor.Offset;
            t._ids[view] = t.Add(view, ValueKind.View, root, start);
        }
        return view;
    }

    /// <summary>Called when a tensor's elements are read or written outside a kernel: a recorded value read on the host makes the trace invalid.</summary>
    public static void HostAccess(Tensor tensor)
    {
        if (_recording == 0 || _current is not Trace t || _hostDepth > 0 || t.Invalid is not null) return;
        if (t._ids.TryGetValue(tensor, out int id) && t._values[id].Kind != ValueKind.Constant)
        {
            t.Invalid = $"{(_layer is null ? "the step" : $"layer '{_layer}'")} reads the values of a tensor {tensor.Shape} on the host (a branch or loop on data, ToArray, Item), which a compiled step cannot replay";
        }
    }

    /// <summary>A scope in which nothing is recorded and host reads are allowed (host steps, comparing traces).</summary>
    public static HostScope HostStep()
    {
        var scope = new HostScope(_current);
        _current = null;
        _hostDepth++;
        return scope;
    }

    internal readonly struct HostScope(Trace? saved) : IDisposable
    {
        public void Dispose()
        {
            _hostDepth--;
            _current = saved;
        }
    }

    /// <summary>Names the layer whose call is being recorded, for the graph's table and for warnings.</summary>
    public static LayerScope InLayer(string name)
    {
        var scope = new LayerScope(_layer);
        if (_current is not null) _layer = name;
        return scope;
    }

    internal readonly struct LayerScope(string? saved) : IDisposable
    {
        public void Dispose() => _layer = saved;
    }

    private void AddNode(Kernel kernel, Tensor[] inputs, Tensor output)
    {
        var ids = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) ids[i] = IdOf(inputs[i]);
        int result;
        if (ReferenceEquals(output, NoOutput)) result = -1;
        else if (output is Variable) result = IdOf(output); // an assignment writes the variable in place
        else result = _ids[output] = Add(output, ValueKind.Computed);
        _nodes.Add(new Node(kernel.ForNode?.Invoke() ?? kernel, ids, result, _layer));
    }

    private int IdOf(Tensor t) => _ids.TryGetValue(t, out int id) ? id : _ids[t] = Add(t, Kind(t));

    private static ValueKind Kind(Tensor t) => t is Variable ? ValueKind.Variable : ValueKind.Constant;

    private int Add(Tensor t, ValueKind kind, int root = -1, int start = 0)
    {
        int id = _values.Count;
        _values.Add(new Value(id, t.Shape, t.DType, kind, t, root, start));
        if (kind != ValueKind.View) _ids[t] = id;
        return id;
    }
}
