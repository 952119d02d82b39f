using ILGPU;
using ILGPU.Runtime;
using Strata.Compilation;

namespace Strata.Cuda.Compilation;

/// <summary>
/// A compiled step run on the GPU, made from the CPU's <see cref="Executable"/>. The values the CPU's memory plan
/// puts in its arena live at the same offsets in one device arena, views are sub-views of their roots, and each
/// node the GPU can run becomes a launch (<see cref="GpuLowering"/>). A node it cannot run yet runs on the host, on
/// the executable's own storage, with its inputs copied down and its output copied up only where the other side
/// needs them: correctness first for every model, the copies shrinking as nodes are lowered.
/// <para>
/// A run has three parts: host work before the launches (copies up, the numbers that change per run, such as a
/// learning rate or where a batch starts in the data the device holds, <see cref="StepScalars"/>), the launches, and
/// one copy back (<see cref="Readback"/>, the label checks' flags and the running sums) with the outputs. When no node
/// runs on the host between launches, the launches are captured once as a graph (CUDA graphs) and replayed as one.
/// </para>
/// </summary>
internal sealed class GpuStep : DeviceStep, Variable.IDeviceCopy
{
    private readonly Device _device;
    private readonly Executable _host;
    private readonly Accelerator _accelerator;
    private readonly List<IDisposable> _owned = [];
    private readonly ArrayView<float>[] _views;
    private readonly Work[] _program;

    // The program's parts when it is replayable: the host work before the launches, the launches, the copies after.
    private readonly Action[] _prepare, _launches, _finish;
    private readonly GpuKernels _kernels;
    private readonly ResidentData _data;
    private readonly StepScalars _scalars;
    private readonly Readback _readback;
    private readonly List<(int Flag, Node Node, int Index)> _labelChecks = [];
    private readonly Dictionary<Variable, ArrayView<float>> _variables = new(ReferenceEqualityComparer.Instance);

    // What runs on the host once a run's launches are done: the running sums' additions, from the numbers copied back.
    private readonly List<Action> _afterRun = [];

    // Per input: where this run's batch lies on the device, when it does (found before the launches, gathered by one).
    private readonly HeldRows?[] _held;
    private IReadOnlyList<Tensor> _given = [];

    // The captured launches, and what they were captured with (where each batch was gathered from).
    private IStepGraphs? _graphs;
    private IStepGraph? _graph;
    private object[] _graphKey = [];
    private int _runs;

    public GpuStep(Device device, GpuAccelerator gpu, Executable host)
    {
        _device = device;
        _host = host;
        _accelerator = gpu.Accelerator;
        using ScopedAcceleratorBinding binding = _accelerator.BindScoped();
        Graph graph = host.Graph;
        IReadOnlyList<Value> values = graph.Values;
        _views = new ArrayView<float>[values.Count];
        // One device arena per dtype of the plan, as on the host; integer and bool values are held as floats.
        Dictionary<DType, ArrayView<float>> arenas = host.Plan.ArenaSizes.Where(a => a.Key != DType.String && a.Value > 0)
            .ToDictionary(a => a.Key, a => Own(_accelerator.Allocate1D<float>(a.Value)).View.BaseView);
        foreach (Value v in values)
        {
            // Host only (a node that reads or writes it runs on the host): strings, and variables other than float32.
            if (v.DType == DType.String || (v.Kind == ValueKind.Variable && v.DType != DType.Float32)) continue;
            _views[v.Id] = v.Kind switch
            {
                ValueKind.Input or ValueKind.Variable or ValueKind.Constant => Own(_accelerator.Allocate1D<float>(Math.Max(v.Shape.Size, 1))).View.SubView(0, v.Shape.Size),
                ValueKind.Computed when host.Plan.Offsets[v.Id] >= 0 => arenas[v.DType].SubView(host.Plan.Offsets[v.Id], v.Shape.Size),
                ValueKind.Computed => default, // removed by a pass: no node reads or writes it
                // A view of storage the GPU does not hold (a removed value): a node that reads it runs on the host.
                _ when _views[v.Root].Length < v.Start + v.Shape.Size => default,
                _ => _views[v.Root].SubView(v.Start, v.Shape.Size),
            };
            if (v.Kind == ValueKind.Constant) _views[v.Id].CopyFromCPU(HostFloats.Of(v.Tensor, v.Label));
            if (v.Kind == ValueKind.Variable) _variables[(Variable)v.Tensor] = _views[v.Id];
        }
        _kernels = gpu.Kernels;
        _data = gpu.Data;
        _held = new HeldRows?[graph.Inputs.Length];
        _scalars = new StepScalars(_accelerator, Own);
        _readback = new Readback(_accelerator, Own);
        var lowering = new GpuLowering(gpu.Kernels, values, _views, Own);
        _program = [.. new Placement(values, _views).Plan(graph, lowering, this)];
        _scalars.Allocate();
        _readback.Allocate();
        Replayable = _program.All(w => w.Phase != Phase.Host);
        _prepare = Part(Phase.Prepare);
        _launches = Part(Phase.Launch);
        _finish = Part(Phase.Finish);
        _graphs = Replayable ? gpu.Graphs(out _) : null;
        _accelerator.Synchronize(); // what the lowering set up on the default stream, before the step's own stream uses it
    }

    /// <inheritdoc/>
    public override Device Device => _device;

    /// <summary>The nodes left to the host, each with why: what lowering more ops would move to the GPU.</summary>
    public List<string> HostNodes { get; } = [];

    /// <summary>The nodes the GPU runs.</summary>
    public List<string> DeviceNodes { get; } = [];

    /// <summary>How many copies between host and device a run plans (a batch the device holds is gathered there instead).</summary>
    public int Transfers { get; private set; }

    /// <summary>Whether no host work falls between the launches, so they can be replayed as one captured graph.</summary>
    public bool Replayable { get; }

    /// <summary>Whether the last run replayed a captured graph.</summary>
    public bool ReplayedGraph { get; private set; }

    /// <inheritdoc/>
    public override Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _host.Graph.Inputs.Length)
        {
            throw new ArgumentException($"GPU step: {inputs.Count} inputs given for a step traced with {_host.Graph.Inputs.Length}.", nameof(inputs));
        }
        _host.Bind(inputs);
        _given = inputs;
        // A CUDA context is current per thread: Fit may run on another thread than the one that opened the GPU.
        using ScopedAcceleratorBinding binding = _accelerator.BindScoped();
        AcceleratorStream stream = _kernels.Stream;
        if (Replayable)
        {
            foreach (Action work in _prepare) work();
            _scalars.Upload(stream);
            LaunchAll();
            foreach (Action work in _finish) work();
        }
        else
        {
            _readback.Clear(_kernels);
            foreach (Work work in _program)
            {
                if (work.Phase == Phase.Launch) _scalars.Upload(stream);
                work.Run();
            }
        }
        _readback.Download(stream);
        stream.Synchronize();
        _runs++;
        ThrowIfLabelsFailed();
        foreach (Action action in _afterRun) action();
        return _host.Outputs;
    }

    /// <summary>The launches: replayed as a graph from the second run on (the first compiles and checks what they use), else one by one.</summary>
    private void LaunchAll()
    {
        ReplayedGraph = false;
        if (_graphs is null || _runs == 0)
        {
            Launches();
            return;
        }
        object[] key = [.. _held.Select(h => h is HeldRows rows ? (object)(rows.Whole.LoadEffectiveAddressAsPtr(), rows.Order.Length > 0 ? rows.Order.LoadEffectiveAddressAsPtr() : 0) : false)];
        try
        {
            if (_graph is null || !key.SequenceEqual(_graphKey))
            {
                _graph?.Dispose();
                _graph = null;
                _graph = _graphs.Capture(Launches);
                _graphKey = key;
            }
            _graph.Launch();
            ReplayedGraph = true;
        }
        catch (InvalidOperationException e) when (_graph is null)
        {
            // A driver that cannot capture these launches costs speed, not results: this step launches one by one.
            Engine.Warnings.WriteLine($"Strata.Cuda: a step's launches could not be captured as a graph ({e.Message}); launching them one by one.");
            _graphs = null;
            Launches();
        }
    }

    private void Launches()
    {
        _readback.Clear(_kernels);
        foreach (Action launch in _launches) launch();
    }

    private Action[] Part(Phase phase) => [.. _program.Where(w => w.Phase == phase).Select(w => w.Run)];

    /// <inheritdoc/>
    public override void Dispose()
    {
        using ScopedAcceleratorBinding binding = _accelerator.BindScoped();
        // The variables left here come home before their device memory goes.
        foreach (Variable v in _variables.Keys.Where(v => v.IsOnDevice(this))) _ = v.ToArray<float>();
        _graph?.Dispose();
        foreach (IDisposable resource in _owned) resource.Dispose();
    }

    /// <inheritdoc/>
    public void CopyToHost(Variable variable, Array home)
    {
        // Any thread that reads the weights may get here (a callback, a Predict running eagerly beside the device step).
        using ScopedAcceleratorBinding binding = _accelerator.BindScoped();
        _kernels.Stream.Synchronize();
        _variables[variable].CopyToCPU(_kernels.Stream, new Span<float>((float[])home, 0, variable.Size));
    }

    /// <summary>A variable's device storage: a graph value's, or a buffer of its own (an optimizer's slot).</summary>
    private ArrayView<float> VariableView(Variable v)
    {
        if (!_variables.TryGetValue(v, out ArrayView<float> view))
        {
            _variables[v] = view = Own(_accelerator.Allocate1D<float>(Math.Max(v.Size, 1))).View.SubView(0, v.Size);
        }
        return view;
    }

    /// <summary>Makes the device's copy of <paramref name="v"/> current, unless it already is (left here by the last update).</summary>
    private void OnDevice(Variable v)
    {
        if (!v.IsOnDevice(this)) VariableView(v).CopyFromCPU(_kernels.Stream, v.Data<float>());
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>
    /// The copy up of a value the host wrote: before the launches when the host wrote it before them. An input (a batch)
    /// whose data the device holds is not copied: it is found there before the launches and gathered by a launch that
    /// reads where it starts from device memory.
    /// </summary>
    private IEnumerable<Work> Upload(int root, bool beforeLaunches)
    {
        Value value = _host.Graph.Values[root];
        Action copy = value.DType == DType.Float32
            ? () => _views[root].CopyFromCPU(_kernels.Stream, _host.HostTensor(root).Data<float>())
            : () => _views[root].CopyFromCPU(_kernels.Stream, HostFloats.Of(_host.HostTensor(root), value.Label));
        int input = Array.IndexOf(_host.Graph.Inputs, root);
        if (input < 0)
        {
            yield return new Work(copy, beforeLaunches ? Phase.Prepare : Phase.Host);
            yield break;
        }
        int start = _scalars.Reserve(1);
        yield return new Work(() =>
        {
            _held[input] = _data.Find(_given[input], _views[root].Length, value.Label);
            if (_held[input] is HeldRows rows) _scalars.SetInt(start, rows.Start);
            else copy();
        }, Phase.Prepare);
        yield return new Work(() =>
        {
            if (_held[input] is HeldRows rows) _kernels.GatherRows(rows.Whole, rows.Order, _scalars.View(start, 1), rows.RowSize, _views[root]);
        }, Phase.Launch);
    }

    private Action Download(int root)
    {
        Value value = _host.Graph.Values[root];
        if (value.DType == DType.Float32) return () => _views[root].CopyToCPU(_kernels.Stream, _host.HostTensor(root).Span<float>());
        return () =>
        {
            var floats = new float[value.Shape.Size];
            _views[root].CopyToCPU(_kernels.Stream, floats);
            HostFloats.Into(floats, _host.HostTensor(root));
        };
    }

    /// <summary>
    /// A sparse loss's label check on the device; the flag it raises comes back with the run's other numbers
    /// (<see cref="ThrowIfLabelsFailed"/>), where the CPU's own check then says which label is wrong.
    /// </summary>
    private Action LowerLabelCheck(Node node, int index, Strata.Losses.LabelCheckForm check)
    {
        ArrayView<float> labels = _views[node.Inputs[0]], output = _views[node.Output];
        int flag = _readback.Reserve(1);
        _labelChecks.Add((flag, node, index));
        return () => _kernels.CheckLabels(labels, output, _readback.View(flag, 1), check.Classes, check.IgnoreClass);
    }

    private void ThrowIfLabelsFailed()
    {
        foreach ((int flag, Node node, int index) in _labelChecks)
        {
            if (_readback.Values[flag] == 0f) continue;
            foreach (int input in node.Inputs) Download(input)();
            _host.RunNode(index); // throws the CPU's message, naming the label
            throw new InvalidOperationException($"GPU: {node.Kernel} flagged a label out of range that the CPU's check did not find.");
        }
    }

    /// <summary>
    /// A host step of running sums (the loss's mean, the metrics' totals and counts): each sum reduced on the device into
    /// the run's numbers to copy back, and handed to the step's own addition with the counts the shapes give.
    /// </summary>
    private Action? LowerSums(Node node, RunningSums sums, out string? why)
    {
        IReadOnlyList<Value> values = _host.Graph.Values;
        why = sums.Terms.Any(t => t.Term == SumTerm.Values && (_views[node.Inputs[t.Input]].Length == 0 || values[node.Inputs[t.Input]].DType != DType.Float32))
            ? "it sums values the GPU does not hold as float32" : null;
        if (why is not null) return null;
        int at = _readback.Reserve(sums.Terms.Count);
        (ArrayView<float> Values, int Into)[] reductions = [.. sums.Terms.Select((t, k) => (t, k))
            .Where(x => x.t.Term == SumTerm.Values)
            .Select(x => (_views[node.Inputs[x.t.Input]], at + x.k))];
        double[] counts = [.. sums.Terms.Select(t => t.Term switch
        {
            SumTerm.Rows => t.Scale * (values[node.Inputs[t.Input]].Shape.Rank == 0 ? 1 : values[node.Inputs[t.Input]].Shape[0]),
            SumTerm.Elements => t.Scale * values[node.Inputs[t.Input]].Shape.Size,
            _ => 0d,
        })];
        _afterRun.Add(() => sums.Apply([.. sums.Terms.Select((t, k) => t.Term == SumTerm.Values ? t.Scale * _readback.Values[at + k] : counts[k])]));
        return () =>
        {
            foreach ((ArrayView<float> v, int into) in reductions)
            {
                _kernels.Reduce(v, _readback.View(into, 1), new Kernels.AxisShape(1, (int)v.Length, 1), Strata.Kernels.ReduceKind.Sum);
            }
        };
    }

    /// <summary>
    /// An optimizer's update run on the device, when the GPU has its kernel: plain RMSprop, SGD (with or without
    /// momentum), Adam without AMSGrad, with no clipping or weight decay. The learning rate (a schedule's value) and
    /// Adam's step size are worked out on the host each step, as the CPU does, and read by the launches from the run's
    /// numbers; the weights and slots stay on the device. Returns the host part (before the launches) and the launches.
    /// </summary>
    private (Action? Prepare, Action Launch)? LowerOptimizer(Node node, Strata.Optimizers.OptimizerStep update, out string? why)
    {
        Strata.Optimizers.Optimizer optimizer = update.Optimizer;
        why = optimizer.ClipNorm is not null || optimizer.ClipValue is not null || optimizer.GlobalClipNorm is not null ? "gradient clipping has no GPU kernel yet"
            : optimizer.WeightDecay is not null ? "weight decay has no GPU kernel yet"
            : optimizer switch
            {
                Strata.Optimizers.RMSprop { Momentum: 0f, Centered: false } or Strata.Optimizers.SGD or Strata.Optimizers.Adam { Amsgrad: false } => null,
                _ => $"{optimizer.GetType().Name} with these settings has no GPU kernel yet",
            };
        if (why is not null) return null;
        IReadOnlyList<Variable> variables = update.Variables;
        if (node.Inputs.Length != variables.Count || node.Inputs.Any(i => _views[i].Length == 0))
        {
            why = "its gradients are not all float32 values on the device";
            return null;
        }
        ArrayView<float>[] gradients = [.. node.Inputs.Select(i => _views[i])];
        Variable[][] slots = [.. variables.Select(v => optimizer switch
        {
            Strata.Optimizers.RMSprop => new[] { optimizer.Slot(v, "velocity")! },
            Strata.Optimizers.SGD { Momentum: not 0f } => [optimizer.Slot(v, "momentum")!],
            Strata.Optimizers.SGD => [new Variable(Tensor.Zeros(v.Shape), trainable: false)], // plain SGD's velocity: always 0 · momentum
            _ => [optimizer.Slot(v, "momentum")!, optimizer.Slot(v, "velocity")!],
        })];
        int hyper = _scalars.Reserve(4);
        void Prepare()
        {
            float lr = optimizer.LearningRate;
            _scalars.Set(hyper, optimizer switch
            {
                Strata.Optimizers.RMSprop r => [lr, r.Rho, r.Epsilon, 0f],
                Strata.Optimizers.SGD s => [lr, s.Momentum, s.Nesterov ? 1f : 0f, 0f],
                Strata.Optimizers.Adam a => [a.StepSize(lr), a.Beta1, a.Beta2, a.Epsilon],
                _ => throw new InvalidOperationException("unreachable: the optimizer was checked when lowered"),
            });
            for (int i = 0; i < variables.Count; i++)
            {
                OnDevice(variables[i]);
                foreach (Variable slot in slots[i]) OnDevice(slot);
                variables[i].LeaveOnDevice(this);
                foreach (Variable slot in slots[i]) slot.LeaveOnDevice(this);
            }
            optimizer.CountStep();
        }
        void Launch()
        {
            ArrayView<float> h = _scalars.View(hyper, 4);
            for (int i = 0; i < variables.Count; i++)
            {
                ArrayView<float> w = VariableView(variables[i]), first = VariableView(slots[i][0]);
                switch (optimizer)
                {
                    case Strata.Optimizers.RMSprop: _kernels.Rmsprop(gradients[i], first, w, h); break;
                    case Strata.Optimizers.SGD: _kernels.Sgd(gradients[i], first, w, h); break;
                    default: _kernels.Adam(gradients[i], first, VariableView(slots[i][1]), w, h); break;
                }
            }
        }
        return (Prepare, Launch);
    }

    /// <summary>When a piece of a run's work happens.</summary>
    private enum Phase
    {
        /// <summary>On the host before the launches: copies up, the run's numbers, bookkeeping of where variables are current.</summary>
        Prepare,

        /// <summary>A launch on the step's stream.</summary>
        Launch,

        /// <summary>On the host between launches: a node the GPU cannot run, and the copies around it.</summary>
        Host,

        /// <summary>On the host after the launches: the outputs copied back.</summary>
        Finish,
    }

    private readonly record struct Work(Action Run, Phase Phase);

    /// <summary>
    /// Decides, node by node in the graph's order, where each runs and which copies it needs, by tracking for each
    /// stored value (a view counts as its root) whether the host's and the device's copies are current. Variables
    /// are tracked at run time instead, by the variables themselves (<see cref="Variable.LeaveOnDevice"/>): a launch
    /// that reads one copies it up unless the device holds it, and the host copies it back on its first use.
    /// </summary>
    private sealed class Placement(IReadOnlyList<Value> values, ArrayView<float>[] views)
    {
        private readonly bool[] _onHost = [.. values.Select(v => v.Kind is ValueKind.Input or ValueKind.Constant)];
        private readonly bool[] _onDevice = [.. values.Select(v => v.Kind == ValueKind.Constant)];

        // Values the host computes before the launches, from nothing the step computes: copied up before them too.
        private readonly HashSet<int> _beforeLaunches = [];

        // The variables a launch of this run has already made current on the device (read or written there), so a
        // weight read forward and backward is checked and copied up once; a host step, which may write any, forgets them.
        private readonly HashSet<int> _variablesUp = [];

        public IEnumerable<Work> Plan(Graph graph, GpuLowering lowering, GpuStep step)
        {
            for (int n = 0; n < graph.Nodes.Count; n++)
            {
                Node node = graph.Nodes[n];
                string? why = null;
                (Action? Prepare, Action Launch)? lowered = node.Kernel.Attributes switch
                {
                    Strata.Optimizers.OptimizerStep update => step.LowerOptimizer(node, update, out why),
                    RunningSums sums => Launch(step.LowerSums(node, sums, out why)),
                    Strata.Losses.LabelCheckForm check when views[node.Inputs[0]].Length > 0 && views[node.Output].Length > 0 => Launch(step.LowerLabelCheck(node, n, check)),
                    _ => Launch(lowering.TryLower(node, out why)),
                };
                if (lowered is { } pair)
                {
                    (Action? prepare, Action launch) = pair;
                    step.DeviceNodes.Add(node.Kernel.ToString());
                    foreach (Work copy in Current(node.Inputs, device: true, step)) yield return copy;
                    if (prepare is not null) yield return new Work(prepare, Phase.Prepare);
                    yield return new Work(launch, Phase.Launch);
                    if (node.Output >= 0 && Root(node.Output) is int root && values[root].Kind == ValueKind.Variable)
                    {
                        var written = (Variable)values[root].Tensor;
                        _variablesUp.Add(root);
                        yield return new Work(() => written.LeaveOnDevice(step), Phase.Prepare);
                    }
                    else if (node.Output >= 0) Written(node.Output, device: true);
                    continue;
                }
                step.HostNodes.Add($"{node.Kernel}{(node.Layer is null ? "" : $" <{node.Layer}>")}: {why}");
                foreach (Work copy in Current(node.Inputs, device: false, step)) yield return copy;
                int index = n;
                // A node that reads nothing the step computes (a dropout mask, drawn from the CPU's generator) runs
                // before the launches, its result copied up with the run's other copies: the launches stay one graph.
                bool beforeLaunches = node.Output >= 0 && values[Root(node.Output)].Kind == ValueKind.Computed
                    && node.Inputs.All(i => values[Root(i)].Kind is ValueKind.Input or ValueKind.Constant);
                if (beforeLaunches) BeforeLaunches(Root(node.Output), step);
                yield return new Work(() => step._host.RunNode(index), beforeLaunches ? Phase.Prepare : Phase.Host);
                if (node.Output < 0) _variablesUp.Clear();
                else if (values[Root(node.Output)].Kind == ValueKind.Variable) _variablesUp.Remove(Root(node.Output));
                else Written(node.Output, device: false);
            }
            // The caller reads the outputs on the host, once the launches are done.
            foreach (Work copy in Current(graph.Outputs, device: false, step)) yield return copy with { Phase = Phase.Finish };
        }

        private static (Action?, Action)? Launch(Action? launch) => launch is null ? null : (null, launch);

        private int Root(int id) => values[id].Kind == ValueKind.View ? values[id].Root : id;

        /// <summary>
        /// A value written before the launches gets device memory of its own: in the arena, the memory plan may share its
        /// place with a value that lives earlier in the step, which the launches would then overwrite.
        /// </summary>
        private void BeforeLaunches(int root, GpuStep step)
        {
            _beforeLaunches.Add(root);
            if (views[root].Length == 0) return;
            views[root] = step.Own(step._accelerator.Allocate1D<float>(Math.Max(1, views[root].Length))).View.SubView(0, views[root].Length);
            foreach (Value v in values.Where(v => v.Kind == ValueKind.View && v.Root == root)) views[v.Id] = views[root].SubView(v.Start, v.Shape.Size);
        }

        /// <summary>The copies that make <paramref name="ids"/> current on one side.</summary>
        private IEnumerable<Work> Current(IEnumerable<int> ids, bool device, GpuStep step)
        {
            foreach (int root in ids.Select(Root).Distinct())
            {
                if (values[root].Kind == ValueKind.Variable)
                {
                    // On the host, a variable's first use copies it back by itself.
                    if (device && views[root].Length > 0 && _variablesUp.Add(root))
                    {
                        var variable = (Variable)values[root].Tensor;
                        yield return new Work(() => step.OnDevice(variable), Phase.Prepare);
                    }
                    continue;
                }
                bool[] here = device ? _onDevice : _onHost, there = device ? _onHost : _onDevice;
                if (here[root] || !there[root] || (views[root].Length == 0 && values[root].Shape.Size > 0)) continue;
                step.Transfers++;
                foreach (Work copy in device ? step.Upload(root, _beforeLaunches.Contains(root)) : [new Work(step.Download(root), Phase.Host)]) yield return copy;
                here[root] = true;
            }
        }

        private void Written(int id, bool device)
        {
            int root = Root(id);
            _onDevice[root] = device;
            _onHost[root] = !device;
        }
    }
}
