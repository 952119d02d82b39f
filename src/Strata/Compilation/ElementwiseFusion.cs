namespace Strata.Compilation;

/// <summary>
/// Fuses chains of elementwise ops into single passes (<see cref="FusedElementwise"/>): an op joins
/// the op that reads its result when that is the only read, the shapes agree, and no variable is
/// written in between (the chain runs where its last op stood). A chain is a tree of such ops; what
/// it reads from outside (inputs, variables, other results, broadcast operands) it reads in place.
/// </summary>
internal static class ElementwiseFusion
{
    public static Graph Run(Graph graph)
    {
        IReadOnlyList<Value> values = graph.Values;
        var nodes = graph.Nodes.Cast<Node?>().ToList();
        var uses = new GraphUses(values, nodes, graph.Outputs);
        // members[n]: the nodes fused into node n's chain (n last), in order; null when n joined another chain.
        var members = new List<int>?[nodes.Count];
        for (int n = 0; n < nodes.Count; n++)
        {
            if (!Fusible(nodes[n], values)) continue;
            var chain = new List<int>();
            foreach (int input in nodes[n]!.Inputs)
            {
                int p = uses.Producer[input];
                if (p < 0 || members[p] is not List<int> inner || chain.Contains(p)) continue;
                bool joins = uses.Reads[input] == 1 && !uses.Viewed[input] && values[input].Shape == values[nodes[n]!.Output].Shape
                    && uses.CanMove(inner[0], n);
                if (!joins) continue;
                chain.AddRange(inner);
                members[p] = null;
            }
            chain.Add(n);
            members[n] = chain;
        }
        for (int n = 0; n < nodes.Count; n++)
        {
            if (members[n] is not List<int> chain || chain.Count < 2) continue;
            chain.Sort();
            Node last = nodes[n]!;
            (Kernel kernel, int[] inputs) = Build(chain.Select(i => nodes[i]!).ToList(), values);
            foreach (int i in chain) nodes[i] = null;
            nodes[n] = new Node(kernel, inputs, last.Output, last.Layer);
        }
        return new Graph(values, nodes.OfType<Node>().ToList(), graph.Inputs, graph.Outputs);
    }

    /// <summary>An elementwise op on shapes a fused chain can read, writing float32 or bool.</summary>
    private static bool Fusible(Node? node, IReadOnlyList<Value> values)
    {
        if (node is null || node.Kernel.Element is null || node.Output < 0) return false;
        Value output = values[node.Output];
        if (output.Kind != ValueKind.Computed || output.DType is not (DType.Float32 or DType.Bool)) return false;
        return node.Inputs.All(i => FusedElementwise.Layout(values[i].Shape, output.Shape) is not null);
    }

    /// <summary>The fused kernel of a chain (in order) and the values it reads from outside.</summary>
    private static (Kernel Kernel, int[] Inputs) Build(List<Node> chain, IReadOnlyList<Value> values)
    {
        var external = new List<int>();
        var step = new Dictionary<int, int>(); // value made in the chain -> its step
        var steps = new FusedElementwise.Step[chain.Count];
        for (int s = 0; s < chain.Count; s++)
        {
            Node node = chain[s];
            int[] operands = node.Inputs.Select(v =>
            {
                if (step.TryGetValue(v, out int made)) return made;
                int j = external.IndexOf(v);
                if (j < 0)
                {
                    j = external.Count;
                    external.Add(v);
                }
                return -j - 1;
            }).ToArray();
            steps[s] = new FusedElementwise.Step(node.Kernel.Element!, operands, node.Kernel.Name);
            step[node.Output] = s;
        }
        Shape shape = values[chain[^1].Output].Shape;
        Kernel kernel = FusedElementwise.Create(steps, external.Select(v => (values[v].Shape, values[v].DType)).ToList(), shape);
        return (kernel, [.. external]);
    }
}
