using Strata.Distributed;

namespace Strata.Compilation;

/// <summary>
/// Host steps that only start background work (<see cref="StartsEarly"/>: a bucket of gradients summed over the
/// ranks) moved up to just after the last node that computes one of their inputs, so the work overlaps the rest of
/// the step. They keep their order among themselves (every rank runs the same graph, so the ranks start the same
/// buckets in the same order). The memory plan, made afterwards, keeps their inputs alive to the later steps that read them.
/// </summary>
internal static class EarlyStarts
{
    public static Graph Run(Graph graph)
    {
        if (!graph.Nodes.Any(n => n.Kernel.Attributes is StartsEarly)) return graph;
        var order = new List<Node>(graph.Nodes.Count);
        int lastStart = -1;
        foreach (Node node in graph.Nodes)
        {
            if (node.Kernel.Attributes is not StartsEarly)
            {
                order.Add(node);
                continue;
            }
            int[] roots = [.. node.Inputs.Select(i => Root(graph, i))];
            int after = order.FindLastIndex(n => n.Output >= 0 && roots.Contains(Root(graph, n.Output)));
            int at = Math.Max(after, lastStart) + 1;
            order.Insert(at, node);
            lastStart = at;
        }
        return new Graph(graph.Values, order, graph.Inputs, graph.Outputs);
    }

    private static int Root(Graph graph, int id) => graph.Values[id].Kind == ValueKind.View ? graph.Values[id].Root : id;
}
