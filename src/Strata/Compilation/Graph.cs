using System.Text;

namespace Strata.Compilation;

/// <summary>What a value of a graph is: where its storage comes from.</summary>
internal enum ValueKind
{
    /// <summary>An argument of the step: bound to the caller's tensor on every run.</summary>
    Input,

    /// <summary>A model weight or optimizer slot: read and written in place, never planned.</summary>
    Variable,

    /// <summary>A tensor made outside the step (a literal, a class-id table): read in place.</summary>
    Constant,

    /// <summary>An op's result: its storage comes from the memory plan.</summary>
    Computed,

    /// <summary>Another value's storage seen with another shape or offset (a reshape, a leading-axis slice).</summary>
    View,
}

/// <summary>A value of the graph: its shape and dtype, and where it lives.</summary>
/// <param name="Id">Its index among the graph's values.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Kind">Where its storage comes from.</param>
/// <param name="Tensor">The variable or constant itself (for other kinds, the tensor seen while tracing).</param>
/// <param name="Root">For a view: the value whose storage it shares, and how many elements in it starts.</param>
/// <param name="Start">For a view: the element of <paramref name="Root"/>'s storage at which it starts.</param>
internal sealed record Value(int Id, Shape Shape, DType DType, ValueKind Kind, Tensor Tensor, int Root = -1, int Start = 0)
{
    public string Label => Kind switch
    {
        ValueKind.Variable => $"%{Id} '{((Variable)Tensor).Name}'",
        _ => $"%{Id}",
    };
}

/// <summary>
/// An op applied to values: its kernel, the values it reads, and the value it writes (an op's
/// result, a variable it assigns, or -1 for a host step that writes nothing).
/// </summary>
internal sealed record Node(Kernel Kernel, int[] Inputs, int Output, string? Layer);

/// <summary>
/// A step traced into a graph: the values (inputs, variables, constants, results, views), the nodes
/// in the order they ran (a valid order: side effects such as variable updates keep their place), and
/// the values returned to the caller. <see cref="ToString"/> prints it as a table.
/// </summary>
internal sealed class Graph(IReadOnlyList<Value> values, IReadOnlyList<Node> nodes, int[] inputs, int[] outputs)
{
    public IReadOnlyList<Value> Values { get; } = values;

    public IReadOnlyList<Node> Nodes { get; } = nodes;

    public int[] Inputs { get; } = inputs;

    public int[] Outputs { get; } = outputs;

    /// <summary>
    /// Whether two traces of a step recorded the same computation: the same ops on the same values,
    /// and constants with the same contents. A step whose constants change from call to call (a value
    /// read on the host, a random draw outside an op) traces differently each time and is not compiled.
    /// </summary>
    public bool SameAs(Graph other, out string? difference)
    {
        difference = null;
        if (Values.Count != other.Values.Count || Nodes.Count != other.Nodes.Count)
        {
            difference = $"{Nodes.Count} ops on {Values.Count} values, then {other.Nodes.Count} ops on {other.Values.Count} values";
            return false;
        }
        for (int i = 0; i < Nodes.Count; i++)
        {
            Node a = Nodes[i], b = other.Nodes[i];
            if (!a.Kernel.SameAs(b.Kernel) || a.Output != b.Output || !a.Inputs.AsSpan().SequenceEqual(b.Inputs))
            {
                difference = $"op {i} was {a.Kernel} then {b.Kernel}";
                return false;
            }
        }
        for (int i = 0; i < Values.Count; i++)
        {
            Value a = Values[i], b = other.Values[i];
            bool same = a.Kind == b.Kind && a.Shape == b.Shape && a.DType == b.DType && a.Root == b.Root && a.Start == b.Start
                && (a.Kind != ValueKind.Variable || ReferenceEquals(a.Tensor, b.Tensor))
                && (a.Kind != ValueKind.Constant || SameContents(a.Tensor, b.Tensor));
            if (!same)
            {
                difference = a.Kind == ValueKind.Constant ? $"constant {a.Label} {a.Shape} changed between calls" : $"value {a.Label} differs";
                return false;
            }
        }
        return Inputs.AsSpan().SequenceEqual(other.Inputs) && Outputs.AsSpan().SequenceEqual(other.Outputs);
    }

    private static bool SameContents(Tensor a, Tensor b)
    {
        if (ReferenceEquals(a, b)) return true;
        using (Trace.HostStep())
        {
            return a.DType switch
            {
                DType.Float32 => a.Data<float>().SequenceEqual(b.Data<float>()),
                DType.Int32 => a.Data<int>().SequenceEqual(b.Data<int>()),
                DType.Int64 => a.Data<long>().SequenceEqual(b.Data<long>()),
                DType.UInt8 => a.Data<byte>().SequenceEqual(b.Data<byte>()),
                _ => a.Data<bool>().SequenceEqual(b.Data<bool>()),
            };
        }
    }

    /// <summary>
    /// The graph without the tensors the trace computed for its inputs, results and views (a replay has
    /// buffers of its own), so that a compiled step does not keep a trace's intermediates alive.
    /// </summary>
    public Graph WithoutTraceValues() => new(
        Values.Select(v => v.Kind is ValueKind.Variable or ValueKind.Constant ? v : v with { Tensor = Trace.NoOutput }).ToList(),
        Nodes, Inputs, Outputs);

    /// <summary>The graph as a table: one line per op with its inputs, result shape and dtype, and layer.</summary>
    public override string ToString() => Describe(null);

    /// <summary>The table, with each value's place in the memory plan when one is given.</summary>
    public string Describe(MemoryPlan? plan)
    {
        var text = new StringBuilder();
        text.AppendLine($"graph: {Inputs.Length} input(s), {Nodes.Count} ops, {Values.Count} values");
        foreach (int i in Inputs) text.AppendLine($"  input    {Values[i].Label,-8} {Values[i].Shape} {Values[i].DType.Name()}");
        for (int n = 0; n < Nodes.Count; n++)
        {
            Node node = Nodes[n];
            string args = string.Join(", ", node.Inputs.Select(i => Values[i].Kind == ValueKind.Constant ? $"const{Values[i].Shape}" : Values[i].Label));
            string result = node.Output < 0 ? "(host)" : $"{Values[node.Output].Label} {Values[node.Output].Shape} {Values[node.Output].DType.Name()}";
            string place = plan is not null && node.Output >= 0 ? plan.Describe(node.Output) : "";
            string layer = node.Layer is null ? "" : $"  <{node.Layer}>";
            text.AppendLine($"  {n,4}  {result,-32} = {node.Kernel}({args}){place}{layer}");
        }
        if (Outputs.Length > 0) text.AppendLine($"  return {string.Join(", ", Outputs.Select(o => Values[o].Label))}");
        if (plan is not null) text.AppendLine(plan.Summary());
        return text.ToString();
    }
}
