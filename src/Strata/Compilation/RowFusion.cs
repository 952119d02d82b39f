namespace Strata.Compilation;

/// <summary>
/// Fuses ops on the rows of a matrix into single passes (<see cref="FusedRows"/>): the row sums, row
/// softmaxes and elementwise ops of a crossentropy and of the softmax's gradient. An op joins the op
/// that reads its result when that is the only read (directly or through one reshape between [R] and
/// [R, 1]), the rows agree, and no variable is written in between. Chains with no row op are left to
/// <see cref="ElementwiseFusion"/>.
/// </summary>
internal static class RowFusion
{
    /// <summary>A candidate op's rows and columns (0: not known from this op alone) and its result's kind.</summary>
    private readonly record struct Rows(int R, int C, FusedRows.Kind Kind, bool RowOp);

    public static Graph Run(Graph graph)
    {
        IReadOnlyList<Value> values = graph.Values;
        var nodes = graph.Nodes.Cast<Node?>().ToList();
        var uses = new GraphUses(values, nodes, graph.Outputs);
        var chains = new List<int>?[nodes.Count];
        var shape = new (int R, int C)[nodes.Count];
        for (int n = 0; n < nodes.Count; n++)
        {
            if (Candidate(nodes[n], values) is not Rows rows) continue;
            var chain = new List<int>();
            (int r, int c) = (rows.R, rows.C);
            foreach (int input in nodes[n]!.Inputs)
            {
                Value v = values[input];
                int root = v.Kind == ValueKind.View ? v.Root : input;
                int p = uses.Producer[root];
                if (p < 0 || chains[p] is not List<int> inner || chain.Contains(p)) continue;
                bool single = uses.Reads[root] == 1 && (root == input ? !uses.Viewed[root] : uses.Reads[input] == 1);
                if (!single || shape[p].R != r || (shape[p].C != 0 && c != 0 && shape[p].C != c) || !uses.CanMove(inner[0], n)) continue;
                if (c == 0) c = shape[p].C;
                chain.AddRange(inner);
                chains[p] = null;
            }
            chain.Add(n);
            chains[n] = chain;
            shape[n] = (r, c);
        }
        for (int n = 0; n < nodes.Count; n++)
        {
            if (chains[n] is not List<int> chain || chain.Count < 2 || shape[n].C == 0) continue;
            chain.Sort();
            if (!chain.Any(i => nodes[i]!.Kernel.Row is not null)) continue; // elementwise only: ElementwiseFusion's
            if (Build(chain.Select(i => nodes[i]!).ToList(), values, shape[n].C) is not (Kernel kernel, int[] inputs)) continue;
            Node last = nodes[n]!;
            foreach (int i in chain) nodes[i] = null;
            nodes[n] = new Node(kernel, inputs, last.Output, last.Layer);
        }
        return new Graph(values, nodes.OfType<Node>().ToList(), graph.Inputs, graph.Outputs);
    }

    /// <summary>A float32 op on the rows of a matrix: a row form on [R, C], or an elementwise op with a result of [R, C], [R] or [R, 1].</summary>
    private static Rows? Candidate(Node? node, IReadOnlyList<Value> values)
    {
        if (node is null || node.Output < 0 || values[node.Output].Kind != ValueKind.Computed || values[node.Output].DType != DType.Float32) return null;
        Shape output = values[node.Output].Shape;
        if (node.Kernel.Row is RowForm row)
        {
            Shape input = values[node.Inputs[0]].Shape;
            if (input.Rank != 2 || values[node.Inputs[0]].DType != DType.Float32) return null;
            return new Rows(input[0], input[1], row is RowForm.Softmax ? FusedRows.Kind.Full : FusedRows.Kind.PerRow, true);
        }
        if (node.Kernel.Element is null || node.Inputs.Any(i => values[i].DType is not (DType.Float32 or DType.Bool))) return null;
        if (output.Rank == 2 && output[1] != 1) return new Rows(output[0], output[1], FusedRows.Kind.Full, false);
        if (output.Rank == 1 || (output.Rank == 2 && output[1] == 1)) return new Rows(output[0], 0, FusedRows.Kind.PerRow, false);
        return null;
    }

    /// <summary>The fused kernel of a chain (in order) and the values it reads from outside, or null when an input cannot be read by rows.</summary>
    private static (Kernel Kernel, int[] Inputs)? Build(List<Node> chain, IReadOnlyList<Value> values, int columns)
    {
        int rows = values[chain[^1].Output].Shape[0];
        var external = new List<int>();
        var kinds = new List<FusedRows.Kind>();
        var step = new Dictionary<int, int>(); // value made in the chain (and its reshapes) -> its step
        var steps = new FusedRows.Step[chain.Count];
        for (int s = 0; s < chain.Count; s++)
        {
            Node node = chain[s];
            FusedRows.Kind kind = Candidate(node, values)!.Value.Kind;
            var operands = new int[node.Inputs.Length];
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                int v = node.Inputs[k];
                int root = values[v].Kind == ValueKind.View ? values[v].Root : v;
                if (step.TryGetValue(root, out int made))
                {
                    // One value per row meets full rows only as [R, 1] (as [R] broadcasting would align it with the columns).
                    bool aligned = steps[made].Kind == FusedRows.Kind.Full
                        ? kind == FusedRows.Kind.Full || node.Kernel.Row is not null
                        : node.Kernel.Row is null && (kind == FusedRows.Kind.PerRow || values[v].Shape is { Rank: 2 } s2 && s2[1] == 1);
                    if (!aligned) return null;
                    operands[k] = made;
                    continue;
                }
                if (KindOf(values[v].Shape, kind, rows, columns) is not FusedRows.Kind read) return null;
                int j = external.IndexOf(v);
                if (j >= 0 && kinds[j] != read) return null;
                if (j < 0)
                {
                    j = external.Count;
                    external.Add(v);
                    kinds.Add(read);
                }
                operands[k] = -j - 1;
            }
            steps[s] = new FusedRows.Step((object?)node.Kernel.Row ?? node.Kernel.Element!, operands, kind, node.Kernel.Name);
            step[node.Output] = s;
        }
        return (FusedRows.Create(steps, [.. kinds], columns), [.. external]);
    }

    /// <summary>How an outside value is read by an op whose result is <paramref name="result"/> (as broadcasting aligns it), or null.</summary>
    private static FusedRows.Kind? KindOf(Shape shape, FusedRows.Kind result, int rows, int columns)
    {
        if (shape.Size == 1) return FusedRows.Kind.Single;
        bool perRow = (shape.Rank == 1 && shape[0] == rows) || (shape.Rank == 2 && shape[0] == rows && shape[1] == 1);
        if (result == FusedRows.Kind.PerRow) return perRow ? FusedRows.Kind.PerRow : null;
        if (shape.Rank == 2 && shape[0] == rows && shape[1] == columns) return FusedRows.Kind.Full;
        if (shape.Rank == 2 && shape[0] == rows && shape[1] == 1) return FusedRows.Kind.PerRow;
        if ((shape.Rank == 1 && shape[0] == columns) || (shape.Rank == 2 && shape[0] == 1 && shape[1] == columns)) return FusedRows.Kind.Shared;
        return null;
    }
}
