using ILGPU;
using ILGPU.Runtime;
using Strata.Compilation;

namespace Strata.Cuda.Compilation;

// The nodes a GPU step lowers itself, as they need the step's own state: label checks and running sums (which report
// through the run's copy back) and optimizer updates (which read the run's numbers and keep weights on the device).
internal sealed partial class GpuStep
{
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
}
