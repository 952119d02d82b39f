namespace Strata.Compilation;

/// <summary>
/// Removes work a replay need not do: a pure op whose inputs are all constants (a learning-rate
/// product, a class-id table's conversion) becomes a constant with the value the trace computed, unless
/// that would store a broadcast (a penalty's gradient scale spread over a whole kernel), and a pure op
/// whose result nothing reads is dropped.
/// </summary>
internal static class ConstantFolding
{
    public static Graph Run(Graph graph)
    {
        var values = graph.Values.ToList();
        var nodes = graph.Nodes.Cast<Node?>().ToList();
        var uses = new GraphUses(values, nodes, graph.Outputs);
        for (int n = 0; n < nodes.Count; n++)
        {
            Node node = nodes[n]!;
            bool foldable = node.Kernel.Pure && node.Inputs.Length > 0 && node.Output >= 0
                && values[node.Output].Kind == ValueKind.Computed && node.Inputs.All(uses.IsConstant)
                && values[node.Output].Shape.Size <= node.Inputs.Sum(i => values[i].Shape.Size); // a broadcast stays small: fused chains read it broadcast
            if (!foldable) continue;
            values[node.Output] = values[node.Output] with { Kind = ValueKind.Constant }; // its tensor holds what the trace computed
            nodes[n] = null;
        }
        RemoveUnread(values, nodes, graph.Outputs);
        return new Graph(values, nodes.OfType<Node>().ToList(), graph.Inputs, graph.Outputs);
    }

    /// <summary>Drops pure ops whose results are not read, last first, so that chains of dead ops go together.</summary>
    internal static void RemoveUnread(List<Value> values, List<Node?> nodes, int[] outputs)
    {
        bool removed = true;
        while (removed)
        {
            removed = false;
            var uses = new GraphUses(values, nodes, outputs);
            for (int n = nodes.Count - 1; n >= 0; n--)
            {
                if (nodes[n] is Node node && node.Kernel.Pure && node.Output >= 0
                    && values[node.Output].Kind == ValueKind.Computed && uses.Reads[node.Output] == 0)
                {
                    nodes[n] = null;
                    removed = true;
                }
            }
        }
    }
}
