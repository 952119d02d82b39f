using ILGPU;
using ILGPU.Runtime;
using Strata.Compilation;
using Strata.Cuda.Kernels;

namespace Strata.Cuda.Compilation;

/// <summary>
/// A traced step (<see cref="Graph"/>) bound to GPU memory and lowered to GPU kernels: the values the CPU's memory
/// plan puts in its arena live at the same offsets in one device arena, views are sub-views of their roots, and
/// each node becomes one launch (<see cref="GpuLowering"/>). <see cref="Run"/> uploads the inputs and the variables,
/// replays the launches in the graph's order and downloads the outputs.
/// </summary>
internal sealed class GpuGraph : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly List<IDisposable> _owned = [];
    private readonly ArrayView<float>[] _views;
    private readonly Action[] _launches;
    private readonly Value[] _uploadedEachRun; // inputs are bound by Run; variables re-read, as training may change them
    private readonly Graph _graph;

    public GpuGraph(GpuAccelerator gpu, Graph graph, MemoryPlan plan)
    {
        _accelerator = gpu.Accelerator;
        _graph = graph;
        IReadOnlyList<Value> values = graph.Values;
        _views = new ArrayView<float>[values.Count];
        int arenaSize = plan.ArenaSizes.GetValueOrDefault(DType.Float32);
        MemoryBuffer1D<float, Stride1D.Dense>? arena = arenaSize > 0 ? Own(_accelerator.Allocate1D<float>(arenaSize)) : null;
        foreach (Value v in values)
        {
            if (v.DType != DType.Float32) continue; // refused by the lowering if a node reads or writes it
            _views[v.Id] = v.Kind switch
            {
                ValueKind.Input or ValueKind.Variable or ValueKind.Constant => Own(_accelerator.Allocate1D<float>(Math.Max(v.Shape.Size, 1))).View.SubView(0, v.Shape.Size),
                ValueKind.Computed when plan.Offsets[v.Id] >= 0 => arena!.View.SubView(plan.Offsets[v.Id], v.Shape.Size),
                ValueKind.Computed => default, // removed by a pass: no node reads or writes it
                // A view of storage the GPU does not hold (a removed value, another dtype): a node that reads it is refused.
                _ when _views[v.Root].Length < v.Start + v.Shape.Size => default,
                _ => _views[v.Root].SubView(v.Start, v.Shape.Size),
            };
            if (v.Kind == ValueKind.Constant) _views[v.Id].CopyFromCPU(v.Tensor.ToArray<float>());
        }
        _uploadedEachRun = [.. values.Where(v => v.Kind == ValueKind.Variable && v.DType == DType.Float32)];
        var lowering = new GpuLowering(gpu.Kernels, values, _views, Own);
        _launches = [.. graph.Nodes.Select(lowering.Lower)];
    }

    /// <summary>Runs the step on <paramref name="inputs"/> (of the traced shapes) and returns its outputs, copied to the host.</summary>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _graph.Inputs.Length)
        {
            throw new ArgumentException($"GPU step: {inputs.Count} inputs given for a step traced with {_graph.Inputs.Length}.", nameof(inputs));
        }
        for (int i = 0; i < inputs.Count; i++) Upload(_graph.Values[_graph.Inputs[i]], inputs[i]);
        foreach (Value v in _uploadedEachRun) Upload(v, v.Tensor);
        foreach (Action launch in _launches) launch();
        _accelerator.Synchronize();
        return [.. _graph.Outputs.Select(o => Download(_graph.Values[o]))];
    }

    private void Upload(Value value, Tensor tensor)
    {
        if (tensor.Shape != value.Shape || tensor.DType != DType.Float32)
        {
            throw new ArgumentException($"GPU step: {value.Label} was traced as {value.Shape} float32, got {tensor.Shape} {tensor.DType.Name()}.");
        }
        _views[value.Id].CopyFromCPU(tensor.ToArray<float>());
    }

    private Tensor Download(Value value)
    {
        if (value.DType != DType.Float32) throw new NotSupportedException($"GPU step: the output {value.Label} is {value.DType.Name()}; the GPU backend returns float32 outputs only so far.");
        var result = new float[value.Shape.Size];
        _views[value.Id].CopyToCPU(result);
        return Tensor.FromArray(result, value.Shape.ToArray());
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        foreach (IDisposable resource in _owned) resource.Dispose();
    }
}
