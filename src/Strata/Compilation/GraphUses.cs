namespace Strata.Compilation;

/// <summary>
/// Who makes and who reads each value of a graph: the node that writes it, how many times live nodes
/// and the graph's results read it (a view's reads count for its root), and where the nodes that
/// write variables (assignments, host steps) stand, which pure ops must not be moved across.
/// </summary>
internal sealed class GraphUses
{
    private readonly IReadOnlyList<Value> _values;

    public GraphUses(IReadOnlyList<Value> values, IReadOnlyList<Node?> nodes, int[] outputs)
    {
        _values = values;
        Producer = new int[values.Count];
        Array.Fill(Producer, -1);
        Reads = new int[values.Count];
        Viewed = new bool[values.Count];
        var barriers = new List<int>();
        for (int n = 0; n < nodes.Count; n++)
        {
            if (nodes[n] is not Node node) continue;
            foreach (int input in node.Inputs) Read(input);
            if (node.Output >= 0 && values[node.Output].Kind == ValueKind.Computed) Producer[node.Output] = n;
            if (!node.Kernel.Pure && (node.Output < 0 || values[node.Output].Kind == ValueKind.Variable)) barriers.Add(n);
        }
        foreach (int output in outputs) Read(output);
        Barriers = [.. barriers];
    }

    /// <summary>The index of the node that computes each value, or -1.</summary>
    public int[] Producer { get; }

    /// <summary>How many reads each value has (views counted for their root).</summary>
    public int[] Reads { get; }

    /// <summary>Whether a view of the value is read (its storage must then exist as it is).</summary>
    public bool[] Viewed { get; }

    /// <summary>The indices of nodes that write variables, in order.</summary>
    public int[] Barriers { get; }

    /// <summary>Whether the value is read exactly once, and not through a view: a pass may then fold its one reader into its writer.</summary>
    public bool SingleUse(int value) => Reads[value] == 1 && !Viewed[value];

    /// <summary>The first node after <paramref name="after"/> that reads the value.</summary>
    public static (int Index, Node Node)? FirstReader(IReadOnlyList<Node?> nodes, int value, int after)
    {
        for (int n = after + 1; n < nodes.Count; n++)
        {
            if (nodes[n] is Node node && node.Inputs.Contains(value)) return (n, node);
        }
        return null;
    }

    /// <summary>Whether a pure op at <paramref name="from"/> may move to <paramref name="to"/> (no variable is written in between).</summary>
    public bool CanMove(int from, int to)
    {
        foreach (int b in Barriers)
        {
            if (b > from && b < to) return false;
        }
        return true;
    }

    /// <summary>Whether a value is fixed before the step runs: a constant, or a view of one.</summary>
    public bool IsConstant(int value) => _values[value].Kind switch
    {
        ValueKind.Constant => true,
        ValueKind.View => IsConstant(_values[value].Root),
        _ => false,
    };

    private void Read(int value)
    {
        Value v = _values[value];
        if (v.Kind == ValueKind.View)
        {
            Viewed[v.Root] = true;
            Reads[v.Root]++;
        }
        Reads[value]++;
    }
}
