using Strata.Kernels;

namespace Strata.Compilation;

/// <summary>
/// A per-channel scale after a product folded into its weights: (x·W) ⊙ s = x·(W ⊙ s), and with a bias
/// between them, (x·W + b) ⊙ s = x·(W ⊙ s) + b ⊙ s. This is batch normalization at inference folded into
/// the convolution (or Dense layer) before it: its x·inv becomes a scale of the small weight matrix, and
/// its + shift is left for the GEMM epilogue, with the ReLU that usually follows. The product must be read
/// only through the scale (in training, batch statistics read it too, and nothing folds).
/// </summary>
internal static class ScaleFolding
{
    private static Kernel Scale() => NodeCopy(BinaryKernel.For<float, float, MultiplyOp<float>>("Multiply"));

    private static Kernel Sum() => NodeCopy(BinaryKernel.For<float, float, AddOp<float>>("Add"));

    private static Kernel NodeCopy(Kernel shared) => shared.ForNode?.Invoke() ?? shared; // a node's own copy, as a trace gives each node

    public static Graph Run(Graph graph)
    {
        var nodes = graph.Nodes.Cast<Node?>().ToList();
        var values = graph.Values.ToList();
        int[] outputs = graph.Outputs.ToArray();
        for (int b = 0; b < nodes.Count; b++)
        {
            var uses = new GraphUses(values, nodes, outputs);
            if (nodes[b] is not Node multiply || multiply.Kernel.Name != "Multiply" || Fold(nodes, values, uses, b, multiply) is not int replaced) continue;
            // Whatever read the scaled result now reads the folded product (or its biased sum) in its place.
            int by = replaced;
            for (int n = b; n < nodes.Count; n++)
            {
                if (nodes[n] is Node node && node.Inputs.Contains(multiply.Output)) nodes[n] = node with { Inputs = node.Inputs.Select(i => i == multiply.Output ? by : i).ToArray() };
            }
            for (int o = 0; o < outputs.Length; o++) outputs[o] = outputs[o] == multiply.Output ? by : outputs[o];
        }
        return new Graph(values, nodes.OfType<Node>().ToList(), graph.Inputs, outputs);
    }

    /// <summary>Folds the scale at <paramref name="b"/> into its product if the pattern holds; returns the value that replaces its result.</summary>
    private static int? Fold(List<Node?> nodes, List<Value> values, GraphUses uses, int b, Node multiply)
    {
        int scaled = multiply.Inputs[0];
        Value s = values[multiply.Inputs[1]];
        if (s.Shape.Rank != 1 || s.DType != DType.Float32 || !uses.SingleUse(scaled) || values[multiply.Output].Shape != values[scaled].Shape) return null;
        (int Index, Node Node)? add = null;
        if (uses.Producer[scaled] is int d and >= 0 && nodes[d] is Node biased && biased.Kernel.Name == "Add" && values[biased.Inputs[1]].Shape == s.Shape)
        {
            add = (d, biased);
            scaled = biased.Inputs[0];
            if (!uses.SingleUse(scaled)) return null;
        }
        // The product, read through itself or a reshape to images (a convolution's).
        int product = values[scaled].Kind == ValueKind.View ? values[scaled].Root : scaled;
        if (product != scaled && (uses.Reads[product] != 1 || values[scaled].Start != 0)) return null;
        if (uses.Producer[product] is not (int a and >= 0) || nodes[a] is not Node matmul || !Ops.IsProduct(matmul.Kernel)) return null;
        Value w = values[matmul.Inputs[1]], c = values[product];
        if (c.Shape.Rank != 2 || w.Shape.Rank != 2 || w.Shape[1] != s.Shape[0] || !uses.CanMove(a, b) || (add is (int at, _) && !uses.CanMove(at, b))) return null;

        int scaledW = NewValue(values, w.Shape);
        var replacement = new List<Node> { new(Scale(), [matmul.Inputs[1], s.Id], scaledW, matmul.Layer), matmul with { Inputs = [matmul.Inputs[0], scaledW] } };
        int result = scaled;
        if (add is (int addAt, Node biasAdd))
        {
            int scaledBias = NewValue(values, s.Shape);
            replacement.Insert(1, new Node(Scale(), [biasAdd.Inputs[1], s.Id], scaledBias, biasAdd.Layer));
            result = biasAdd.Output;
            // A shift added next (batch normalization's) joins the bias: (x·W + b)·s + t = x·(W·s) + (b·s + t).
            if (uses.SingleUse(multiply.Output) && GraphUses.FirstReader(nodes, multiply.Output, b) is (int shiftAt, Node shiftAdd) && shiftAdd.Kernel.Name == "Add"
                && shiftAdd.Inputs[0] == multiply.Output && values[shiftAdd.Inputs[1]].Shape == s.Shape)
            {
                int shift = shiftAdd.Inputs[1];
                if (uses.Producer[shift] < b && uses.CanMove(b, shiftAt)) // the shift is known where the product now runs
                {
                    int merged = NewValue(values, s.Shape);
                    replacement.Insert(2, new Node(Sum(), [scaledBias, shift], merged, shiftAdd.Layer));
                    scaledBias = merged;
                    result = shiftAdd.Output;
                    nodes[shiftAt] = null;
                }
            }
            replacement.Add(biasAdd with { Inputs = [biasAdd.Inputs[0], scaledBias], Output = result });
            nodes[addAt] = null;
        }
        nodes[a] = null;
        nodes.RemoveAt(b);
        nodes.InsertRange(b, replacement);
        return result;
    }

    private static int NewValue(List<Value> values, Shape shape)
    {
        values.Add(new Value(values.Count, shape, DType.Float32, ValueKind.Computed, Trace.NoOutput));
        return values.Count - 1;
    }
}
