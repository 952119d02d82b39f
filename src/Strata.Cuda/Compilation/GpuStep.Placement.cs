using ILGPU;
using ILGPU.Runtime;
using Strata.Compilation;

namespace Strata.Cuda.Compilation;

// Where each node of a GPU step runs, and the copies around it: the program of work a run follows.
internal sealed partial class GpuStep
{
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
            views[root] = step.OwnBuffer(views[root].Length);
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
