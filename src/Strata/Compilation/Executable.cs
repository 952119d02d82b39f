namespace Strata.Compilation;

/// <summary>
/// A graph bound to storage and ready to replay: a tensor per value (computed values in the
/// memory plan's arenas, views over their roots, variables and constants as themselves), and the
/// nodes as kernels on those tensors. A replay binds the inputs to the caller's tensors and runs
/// the kernels in order; it allocates nothing.
/// </summary>
internal sealed class Executable
{
    private readonly Tensor[] _tensors;
    private readonly Kernel[] _kernels;
    private readonly Tensor[][] _arguments;
    private readonly Tensor[] _results;
    private readonly int[] _inputs;
    private readonly (Tensor View, int Input, int Start)[] _inputViews;
    private readonly (Variable Variable, bool Trainable)[] _variables;

    public Executable(Graph graph)
    {
        Graph = graph;
        Plan = new MemoryPlan(graph);
        Dictionary<DType, Array> arenas = Plan.ArenaSizes.ToDictionary(a => a.Key, a => DTypes.NewBuffer(a.Key, a.Value));
        IReadOnlyList<Value> values = graph.Values;
        _tensors = new Tensor[values.Count];
        var inputViews = new List<(Tensor, int, int)>();
        foreach (Value v in values)
        {
            _tensors[v.Id] = v.Kind switch
            {
                ValueKind.Variable or ValueKind.Constant => v.Tensor,
                ValueKind.Input => new Tensor(v.Tensor.Buffer, 0, v.Shape, v.DType), // bound to the caller's tensor on each run
                ValueKind.Computed when Plan.Offsets[v.Id] >= 0 => new Tensor(arenas[v.DType], Plan.Offsets[v.Id], v.Shape, v.DType),
                ValueKind.Computed => new Tensor(v.Tensor.Buffer, 0, v.Shape, v.DType), // removed by a pass: no op writes or reads it
                _ => new Tensor(_tensors[v.Root].Buffer, _tensors[v.Root].Offset + v.Start, v.Shape, v.DType),
            };
            if (v.Kind == ValueKind.View && values[v.Root].Kind == ValueKind.Input) inputViews.Add((_tensors[v.Id], v.Root, v.Start));
        }
        _inputViews = [.. inputViews];
        _inputs = graph.Inputs;
        _kernels = graph.Nodes.Select(n => n.Kernel).ToArray();
        _arguments = graph.Nodes.Select(n => n.Inputs.Select(i => _tensors[i]).ToArray()).ToArray();
        _results = graph.Nodes.Select(n => n.Output < 0 ? Trace.NoOutput : _tensors[n.Output]).ToArray();
        _variables = values.Where(v => v.Kind == ValueKind.Variable).Select(v => ((Variable)v.Tensor, ((Variable)v.Tensor).Trainable)).ToArray();
        Outputs = graph.Outputs.Select(o => _tensors[o]).ToArray();
    }

    public Graph Graph { get; }

    public MemoryPlan Plan { get; }

    /// <summary>The tensors holding the graph's results after a replay (overwritten by the next one).</summary>
    public Tensor[] Outputs { get; }

    /// <summary>Whether the variables the step touches are still trainable or frozen as when it was traced (which decided its gradients).</summary>
    public bool SameTrainableVariables()
    {
        foreach ((Variable v, bool trainable) in _variables)
        {
            if (v.Trainable != trainable) return false;
        }
        return true;
    }

    /// <summary>Replays the step on <paramref name="inputs"/> (of the traced shapes and dtypes).</summary>
    public void Run(IReadOnlyList<Tensor> inputs)
    {
        Bind(inputs);
        for (int n = 0; n < _kernels.Length; n++) _kernels[n].Run(_arguments[n], _results[n]);
    }

    /// <summary>Binds the input values (and the views of them) to the caller's tensors, for the nodes run next.</summary>
    public void Bind(IReadOnlyList<Tensor> inputs)
    {
        for (int i = 0; i < _inputs.Length; i++)
        {
            Tensor bound = _tensors[_inputs[i]], given = inputs[i];
            bound.Buffer = given.Buffer;
            bound.Offset = given.Offset;
        }
        foreach ((Tensor view, int input, int start) in _inputViews)
        {
            view.Buffer = _tensors[input].Buffer;
            view.Offset = _tensors[input].Offset + start;
        }
    }

    /// <summary>Runs node <paramref name="n"/> alone on the host (after <see cref="Bind"/>): a device runs here what it cannot run itself.</summary>
    public void RunNode(int n) => _kernels[n].Run(_arguments[n], _results[n]);

    /// <summary>The host tensor holding value <paramref name="id"/> (in the plan's arenas, or the variable or constant itself).</summary>
    public Tensor HostTensor(int id) => _tensors[id];

    /// <summary>Replays <paramref name="repetitions"/> times and returns each node's total seconds (for benchmarks).</summary>
    internal double[] Profile(IReadOnlyList<Tensor> inputs, int repetitions)
    {
        var seconds = new double[_kernels.Length];
        for (int r = 0; r < repetitions; r++)
        {
            Run(inputs); // binds the inputs
            for (int n = 0; n < _kernels.Length; n++)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                _kernels[n].Run(_arguments[n], _results[n]);
                seconds[n] += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }
        return seconds;
    }

    public override string ToString() => Graph.Describe(Plan);
}
