using Strata.Kernels;

namespace Strata.Compilation;

/// <summary>
/// A Dense layer's forward pass as one GEMM: MatMul(x, W) followed by Add(·, bias) and optionally
/// Relu becomes a single product whose epilogue adds the bias and clamps at zero while each thread's
/// part is still in its cache. Both sums round once, as the separate ops do. A convolution's product,
/// reshaped to images before its bias, fuses the same way (the images are the product's rows), into the
/// implicit GEMM's epilogue.
/// </summary>
internal static class GemmEpilogueFusion
{
    public static Graph Run(Graph graph)
    {
        var nodes = graph.Nodes.Cast<Node?>().ToList();
        var uses = new GraphUses(graph.Values, nodes, graph.Outputs);
        IReadOnlyList<Value> values = graph.Values;
        for (int a = 0; a < nodes.Count; a++)
        {
            if (nodes[a] is not Node product || !Ops.IsProduct(product.Kernel)) continue;
            Value x = values[product.Inputs[0]], w = values[product.Inputs[1]], c = values[product.Output];
            bool convolution = product.Kernel.Attributes is ConvGeometry;
            if ((x.Shape.Rank != 2 && !convolution) || w.Shape.Rank != 2 || ProductRead(product.Output, values, uses) is not int read) continue;
            if (GraphUses.FirstReader(nodes, read, a) is not (int b, Node add) || add.Kernel.Name != "Add" || add.Inputs[0] != read) continue;
            Value bias = values[add.Inputs[1]];
            if (bias.Shape.Rank != 1 || bias.Shape[0] != c.Shape[1] || bias.DType != DType.Float32 || values[add.Output].Shape != values[read].Shape) continue;

            int last = b, output = add.Output;
            bool relu = false;
            if (uses.SingleUse(add.Output) && GraphUses.FirstReader(nodes, add.Output, b) is (int r, Node act) && act.Kernel.Name == "Relu" && uses.CanMove(b, r))
            {
                (last, output, relu) = (r, act.Output, true);
            }
            if (!uses.CanMove(a, last)) continue;
            nodes[a] = null;
            nodes[b] = null;
            Kernel fused = product.Kernel.Attributes is ConvGeometry g ? Ops.ConvProductKernel(g, bias: true, relu) : Dense(relu);
            nodes[last] = new Node(fused, [product.Inputs[0], product.Inputs[1], add.Inputs[1]], output, add.Layer);
        }
        return new Graph(graph.Values, nodes.OfType<Node>().ToList(), graph.Inputs, graph.Outputs);
    }

    /// <summary>
    /// The one value through which the product is read: itself, or a single reshape of it (a convolution's
    /// (positions × filters) product seen as images) read once; null when read otherwise.
    /// </summary>
    private static int? ProductRead(int product, IReadOnlyList<Value> values, GraphUses uses)
    {
        if (uses.SingleUse(product)) return product;
        if (uses.Reads[product] != 1 || !uses.Viewed[product]) return null;
        Value? view = values.FirstOrDefault(v => v.Kind == ValueKind.View && v.Root == product && v.Start == 0 && uses.Reads[v.Id] == 1);
        return view is not null && view.Shape[-1] == values[product].Shape[-1] ? view.Id : null;
    }

    private static readonly Kernel DenseKernel = new("MatMul+Bias", (i, y) => Multiply(i, y, relu: false)) { Product = new(false, false, Bias: true, Relu: false) };
    private static readonly Kernel DenseReluKernel = new("MatMul+Bias+Relu", (i, y) => Multiply(i, y, relu: true)) { Product = new(false, false, Bias: true, Relu: true) };

    private static Kernel Dense(bool relu) => relu ? DenseReluKernel : DenseKernel;

    private static void Multiply(Tensor[] inputs, Tensor y, bool relu)
    {
        Tensor x = inputs[0], w = inputs[1], bias = inputs[2];
        int m = x.Shape[0], k = x.Shape[1], n = w.Shape[1];
        Gemm.Multiply(false, false, m, n, k, x.Array<float>(), x.Offset, w.Array<float>(), w.Offset, y.Array<float>(), y.Offset,
            accumulate: false, Engine.Threads, bias.Array<float>(), bias.Offset, relu);
    }
}
