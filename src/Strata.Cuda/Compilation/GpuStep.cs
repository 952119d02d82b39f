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
internal sealed partial class GpuStep : DeviceStep, Variable.IDeviceCopy
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
                ValueKind.Input or ValueKind.Variable or ValueKind.Constant => OwnBuffer(v.Shape.Size),
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
            _variables[v] = view = OwnBuffer(v.Size);
        }
        return view;
    }

    /// <summary>Makes the device's copy of <paramref name="v"/> current, unless it already is (left here by the last update).</summary>
    private void OnDevice(Variable v)
    {
        if (!v.IsOnDevice(this)) VariableView(v).CopyFromCPU(_kernels.Stream, v.Data<float>());
    }

    /// <summary>Device memory of its own for <paramref name="length"/> floats (an empty value still gets one float, so every view has a buffer behind it).</summary>
    private ArrayView<float> OwnBuffer(long length) => Own(_accelerator.Allocate1D<float>(Math.Max(length, 1))).View.SubView(0, length);

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
}
