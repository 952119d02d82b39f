using ILGPU;
using ILGPU.Runtime;
using Strata.Compilation;

namespace Strata.Cuda.Compilation;

/// <summary>
/// A compiled step run on the GPU, made from the CPU's <see cref="Executable"/>. The values the CPU's memory plan
/// puts in its arena live at the same offsets in one device arena, views are sub-views of their roots, and each
/// node the GPU can run becomes a launch (<see cref="GpuLowering"/>). A node it cannot run yet runs on the host, on
/// the executable's own storage, with its inputs copied down and its output copied up only where the other side
/// needs them: correctness first for every model, the copies shrinking as nodes are lowered. Inputs and variables
/// are the host's: read up when a launch needs them, and variables a launch writes are copied back by the end of a
/// run, so the model's weights are always where the user looks.
/// </summary>
internal sealed class GpuStep : DeviceStep
{
    private readonly Device _device;
    private readonly Executable _host;
    private readonly Accelerator _accelerator;
    private readonly List<IDisposable> _owned = [];
    private readonly ArrayView<float>[] _views;
    private readonly Action[] _program;

    public GpuStep(Device device, GpuAccelerator gpu, Executable host)
    {
        _device = device;
        _host = host;
        _accelerator = gpu.Accelerator;
        Graph graph = host.Graph;
        IReadOnlyList<Value> values = graph.Values;
        _views = new ArrayView<float>[values.Count];
        int arenaSize = host.Plan.ArenaSizes.GetValueOrDefault(DType.Float32);
        MemoryBuffer1D<float, Stride1D.Dense>? arena = arenaSize > 0 ? Own(_accelerator.Allocate1D<float>(arenaSize)) : null;
        foreach (Value v in values)
        {
            if (v.DType != DType.Float32) continue; // host only: a node that reads or writes it runs on the host
            _views[v.Id] = v.Kind switch
            {
                ValueKind.Input or ValueKind.Variable or ValueKind.Constant => Own(_accelerator.Allocate1D<float>(Math.Max(v.Shape.Size, 1))).View.SubView(0, v.Shape.Size),
                ValueKind.Computed when host.Plan.Offsets[v.Id] >= 0 => arena!.View.SubView(host.Plan.Offsets[v.Id], v.Shape.Size),
                ValueKind.Computed => default, // removed by a pass: no node reads or writes it
                // A view of storage the GPU does not hold (a removed value): a node that reads it runs on the host.
                _ when _views[v.Root].Length < v.Start + v.Shape.Size => default,
                _ => _views[v.Root].SubView(v.Start, v.Shape.Size),
            };
            if (v.Kind == ValueKind.Constant) _views[v.Id].CopyFromCPU(v.Tensor.ToArray<float>());
        }
        var lowering = new GpuLowering(gpu.Kernels, values, _views, Own);
        _program = [.. new Placement(values, _views).Plan(graph, lowering, this)];
    }

    /// <inheritdoc/>
    public override Device Device => _device;

    /// <summary>The nodes left to the host, each with why: what lowering more ops would move to the GPU.</summary>
    public List<string> HostNodes { get; } = [];

    /// <summary>The nodes the GPU runs.</summary>
    public List<string> DeviceNodes { get; } = [];

    /// <summary>How many copies between host and device a run makes.</summary>
    public int Transfers { get; private set; }

    /// <inheritdoc/>
    public override Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _host.Graph.Inputs.Length)
        {
            throw new ArgumentException($"GPU step: {inputs.Count} inputs given for a step traced with {_host.Graph.Inputs.Length}.", nameof(inputs));
        }
        _host.Bind(inputs);
        foreach (Action action in _program) action();
        _accelerator.Synchronize();
        return _host.Outputs;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (IDisposable resource in _owned) resource.Dispose();
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private Action Upload(int root) => () => _views[root].CopyFromCPU(_host.HostTensor(root).Data<float>());

    private Action Download(int root) => () => _views[root].CopyToCPU(_host.HostTensor(root).Span<float>());

    /// <summary>
    /// Decides, node by node in the graph's order, where each runs and which copies it needs, by tracking for each
    /// stored value (a view counts as its root) whether the host's and the device's copies are current.
    /// </summary>
    private sealed class Placement(IReadOnlyList<Value> values, ArrayView<float>[] views)
    {
        private readonly bool[] _onHost = [.. values.Select(v => v.Kind is ValueKind.Input or ValueKind.Variable or ValueKind.Constant)];
        private readonly bool[] _onDevice = [.. values.Select(v => v.Kind == ValueKind.Constant)];

        public IEnumerable<Action> Plan(Graph graph, GpuLowering lowering, GpuStep step)
        {
            for (int n = 0; n < graph.Nodes.Count; n++)
            {
                Node node = graph.Nodes[n];
                if (lowering.TryLower(node, out string? why) is Action launch)
                {
                    step.DeviceNodes.Add(node.Kernel.ToString());
                    foreach (Action copy in Current(node.Inputs, device: true, step)) yield return copy;
                    yield return launch;
                    Written(node.Output, device: true);
                    continue;
                }
                step.HostNodes.Add($"{node.Kernel}{(node.Layer is null ? "" : $" <{node.Layer}>")}: {why}");
                // A host step (an optimizer's update, a metric's) may read and write any variable, not only its inputs.
                IEnumerable<int> reads = node.Output < 0 ? node.Inputs.Concat(Variables()) : node.Inputs;
                foreach (Action copy in Current(reads, device: false, step)) yield return copy;
                int index = n;
                yield return () => step._host.RunNode(index);
                if (node.Output >= 0) Written(node.Output, device: false);
                else foreach (int v in Variables()) Written(v, device: false);
            }
            // The caller reads the outputs on the host, and the host's variables stay the model's weights.
            foreach (Action copy in Current(graph.Outputs.Concat(Variables()), device: false, step)) yield return copy;
        }

        private IEnumerable<int> Variables() => values.Where(v => v.Kind == ValueKind.Variable && v.DType == DType.Float32).Select(v => v.Id);

        private int Root(int id) => values[id].Kind == ValueKind.View ? values[id].Root : id;

        /// <summary>The copies that make <paramref name="ids"/> current on one side.</summary>
        private IEnumerable<Action> Current(IEnumerable<int> ids, bool device, GpuStep step)
        {
            foreach (int root in ids.Select(Root).Distinct())
            {
                bool[] here = device ? _onDevice : _onHost, there = device ? _onHost : _onDevice;
                if (here[root] || !there[root] || views[root].Length == 0 && values[root].Shape.Size > 0) continue;
                step.Transfers++;
                yield return device ? step.Upload(root) : step.Download(root);
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
