using Onnx;
using Strata.Compilation;

namespace Strata.Export;

// Recurrent sequence ops: ONNX's LSTM, GRU and RNN where they say it, a Scan over the steps where they do not.
internal sealed partial class OnnxExporter
{
    /// <summary>
    /// A recurrent sequence op as ONNX's LSTM, GRU or RNN. Strata's op takes the input projection P = x·W + b for all
    /// steps and the recurrent kernel U (units, gates·units); ONNX's takes x and W itself: P goes in as x, with a
    /// permutation matrix as W (ONNX orders LSTM gates i, o, f, c, Keras i, f, c, o; GRU gates are z, r, h in both),
    /// and R is U's gate columns in ONNX's order, transposed. Outputs come back in the order processed (reversed for
    /// goBackwards), and an LSTM with returnState appends its final c. A masked op, or one with an activation those ops
    /// lack, goes to <see cref="RecurrentScan"/>.
    /// </summary>
    private void Recurrent(Node node, string[] inputs, string output)
    {
        RecurrentForm form = node.Kernel.Attributes is RecurrentForm f ? f : throw new NotSupportedException($"Model.Export: {node.Kernel} does not say its form.");
        string op = node.Kernel.Name;
        int maskInput = op.StartsWith("Gru", StringComparison.Ordinal) ? 3 : 2; // a GRU takes its recurrent bias before the mask
        if (_one.Values[node.Inputs[maskInput + 1]].Shape.Size != 0) throw new NotSupportedException($"Model.Export: {node.Kernel} drops recurrent units, which only training does.");
        bool masked = _one.Values[node.Inputs[maskInput]].Shape.Size != 0;
        if (masked || new[] { form.Activation, form.RecurrentActivation }.Any(a => a is not ("tanh" or "sigmoid" or "relu")))
        {
            new RecurrentScan(this, node, form, inputs, masked ? inputs[maskInput] : null).Write(output);
            return;
        }
        (string onnxOp, int gates, int[] order) = op switch
        {
            "LstmSequence" => ("LSTM", 4, new[] { 0, 3, 1, 2 }),
            "SimpleRnnSequence" => ("RNN", 1, new[] { 0 }),
            _ => ("GRU", 3, new[] { 0, 1, 2 }),
        };
        int units = _one.Values[node.Inputs[1]].Shape[0], width = gates * units;
        int[] columns = order.SelectMany(g => Enumerable.Range(g * units, units)).ToArray();
        var identity = new float[width * width];
        for (int r = 0; r < width; r++) identity[(r * width) + columns[r]] = 1f;
        string w = Initializer($"permutation_{_temporaries++}", Tensor.FromArray(identity, 1, width, width));
        string u = Emit("Gather", [inputs[1], Longs(columns.Select(c => (long)c).ToArray())], Temporary(), Attribute("axis", 1));
        string r3 = Emit("Unsqueeze", [Emit("Transpose", [u], Temporary(), Attribute("perm", [1, 0])), Longs([0])], Temporary());
        var operands = new List<string> { inputs[0], w, r3 };
        if (op == "GruSequence")
        {
            string bias = Emit("Concat", [Float(0f, width), inputs[2]], Temporary(), Attribute("axis", 0));
            operands.Add(Emit("Unsqueeze", [bias, Longs([0])], Temporary()));
        }
        var attributes = new List<AttributeProto>
        {
            Attribute("hidden_size", units),
            Attribute("direction", form.Reverse ? "reverse" : "forward"),
            Attribute("activations", (onnxOp == "RNN" ? [form.Activation] : (string[])[form.RecurrentActivation, form.Activation, .. onnxOp == "LSTM" ? [form.Activation] : Array.Empty<string>()])
                .Select(a => OnnxActivation(a, node)).ToArray()),
        };
        if (op == "GruSequence") attributes.Add(Attribute("linear_before_reset", 1));
        var onnx = new NodeProto { OpType = onnxOp, Name = $"{onnxOp}_{_graph.Node.Count}" };
        onnx.Input.AddRange(operands);
        string y = Temporary(), c = Temporary();
        onnx.Output.Add(y);
        onnx.Output.Add(Temporary());
        if (onnxOp == "LSTM") onnx.Output.Add(c);
        onnx.Attribute.AddRange(attributes);
        _graph.Node.Add(onnx);
        // Y is (steps, 1, batch, units) in the inputs' order; Strata's outputs are in the order processed.
        string steps = Emit("Squeeze", [y, Longs([1])], Temporary());
        if (form.Reverse) steps = Emit("Slice", [steps, Longs([-1]), Longs([long.MinValue]), Longs([0]), Longs([-1])], Temporary());
        if (form.FinalCell) Emit("Concat", [steps, c], output, Attribute("axis", 0));
        else Emit("Identity", [steps], output);
    }

    /// <summary>
    /// A recurrent op as ONNX's Scan over the steps, its body the cell written out: for what ONNX's LSTM, GRU and RNN
    /// cannot say, a mask (a skipped step keeps the sample's states, and outputs them, as Keras's) or an activation
    /// they lack. The body reads the weights from the model's graph; the scan runs from the last step when reversed,
    /// and its outputs come in the order processed, as Strata's.
    /// </summary>
    private sealed class RecurrentScan(OnnxExporter exporter, Node node, RecurrentForm form, string[] inputs, string? mask)
    {
        private readonly GraphProto _body = new() { Name = $"cell_{exporter._temporaries++}" };

        private int Units => exporter._one.Values[node.Inputs[1]].Shape[0];

        public void Write(string output)
        {
            string op = node.Kernel.Name;
            bool lstm = op == "LstmSequence";
            // Zero initial states (batch, units), the batch read from the projection's shape.
            string batch = exporter.Emit("Shape", [inputs[0]], exporter.Temporary(), Attribute("start", 1), Attribute("end", 2));
            string shape = exporter.Emit("Concat", [batch, exporter.Longs([Units])], exporter.Temporary(), Attribute("axis", 0));
            var zero = new TensorProto { DataType = (int)Onnx.TensorProto.Types.DataType.Float };
            zero.Dims.Add(1);
            zero.FloatData.Add(0f);
            string zeros = exporter.Emit("ConstantOfShape", [shape], exporter.Temporary(), new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = zero });
            GraphProto outer = exporter._target;
            exporter._target = _body;
            string h = Input("h"), c = lstm ? Input("c") : "", p = Input("p"), m = mask is null ? "" : Input("m");
            (string hNew, string cNew) = op switch
            {
                "LstmSequence" => Lstm(h, c, p),
                "SimpleRnnSequence" => (Activate(form.Activation, exporter.Emit("Add", [p, exporter.Emit("MatMul", [h, inputs[1]], exporter.Temporary())], exporter.Temporary())), ""),
                "GruSequence" => (Gru(h, p, resetAfter: true), ""),
                _ => (Gru(h, p, resetAfter: false), ""),
            };
            if (mask is not null)
            {
                string keep = exporter.Emit("Unsqueeze", [exporter.Emit("Cast", [m], exporter.Temporary(), Attribute("to", (long)Onnx.TensorProto.Types.DataType.Bool)), exporter.Longs([1])], exporter.Temporary());
                hNew = exporter.Emit("Where", [keep, hNew, h], exporter.Temporary());
                if (lstm) cNew = exporter.Emit("Where", [keep, cNew, c], exporter.Temporary());
            }
            // The body's outputs: the states carried to the next step, then the step's output (distinct names).
            Output(exporter.Emit("Identity", [hNew], exporter.Temporary()));
            if (lstm) Output(exporter.Emit("Identity", [cNew], exporter.Temporary()));
            Output(exporter.Emit("Identity", [hNew], exporter.Temporary()));
            exporter._target = outer;

            int scanned = mask is null ? 1 : 2;
            var scan = new NodeProto { OpType = "Scan", Name = $"Scan_{exporter._temporaries++}" };
            scan.Input.AddRange([zeros, .. lstm ? [zeros] : Array.Empty<string>(), inputs[0], .. mask is null ? Array.Empty<string>() : [mask]]);
            string finalH = exporter.Temporary(), finalC = exporter.Temporary(), steps = exporter.Temporary();
            scan.Output.AddRange([finalH, .. lstm ? [finalC] : Array.Empty<string>(), steps]);
            scan.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeProto.Types.AttributeType.Graph, G = _body });
            scan.Attribute.Add(Attribute("num_scan_inputs", scanned));
            scan.Attribute.Add(Attribute("scan_input_directions", Enumerable.Repeat(form.Reverse ? 1L : 0L, scanned).ToArray()));
            outer.Node.Add(scan);
            if (form.FinalCell) exporter.Emit("Concat", [steps, exporter.Emit("Unsqueeze", [finalC, exporter.Longs([0])], exporter.Temporary())], output, Attribute("axis", 0));
            else exporter.Emit("Identity", [steps], output);
        }

        /// <summary>z = P + h·U (gates i, f, c̃, o), c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c).</summary>
        private (string H, string C) Lstm(string h, string c, string p)
        {
            string z = exporter.Emit("Add", [p, exporter.Emit("MatMul", [h, inputs[1]], exporter.Temporary())], exporter.Temporary());
            string[] gates = Split(z, 4);
            string i = Activate(form.RecurrentActivation, gates[0]), f = Activate(form.RecurrentActivation, gates[1]);
            string candidate = Activate(form.Activation, gates[2]), o = Activate(form.RecurrentActivation, gates[3]);
            string cNew = exporter.Emit("Add", [exporter.Emit("Mul", [f, c], exporter.Temporary()), exporter.Emit("Mul", [i, candidate], exporter.Temporary())], exporter.Temporary());
            return (exporter.Emit("Mul", [o, Activate(form.Activation, cNew)], exporter.Temporary()), cNew);
        }

        /// <summary>
        /// Keras's GRU: resetAfter, a = h·U + b₁ and h̃ = act(P_h + r·a_h); reset-before, a = h·U and
        /// h̃ = act(P_h + (r·h)·U_h). Then z = σ(P_z + a_z), r = σ(P_r + a_r), h = z·h + (1 − z)·h̃.
        /// </summary>
        private string Gru(string h, string p, bool resetAfter)
        {
            string[] projected = Split(p, 3);
            string product = exporter.Emit("MatMul", [h, inputs[1]], exporter.Temporary());
            string[] a = Split(resetAfter ? exporter.Emit("Add", [product, inputs[2]], exporter.Temporary()) : product, 3);
            string z = Activate(form.RecurrentActivation, exporter.Emit("Add", [projected[0], a[0]], exporter.Temporary()));
            string r = Activate(form.RecurrentActivation, exporter.Emit("Add", [projected[1], a[1]], exporter.Temporary()));
            string recurrent = resetAfter ? exporter.Emit("Mul", [r, a[2]], exporter.Temporary())
                : exporter.Emit("MatMul", [exporter.Emit("Mul", [r, h], exporter.Temporary()), Split(inputs[1], 3)[2]], exporter.Temporary());
            string candidate = Activate(form.Activation, exporter.Emit("Add", [projected[2], recurrent], exporter.Temporary()));
            string kept = exporter.Emit("Mul", [z, h], exporter.Temporary());
            string fresh = exporter.Emit("Mul", [exporter.Emit("Sub", [exporter.Float(1f), z], exporter.Temporary()), candidate], exporter.Temporary());
            return exporter.Emit("Add", [kept, fresh], exporter.Temporary());
        }

        /// <summary>The gate blocks of the last axis, each units wide.</summary>
        private string[] Split(string value, int gates)
        {
            var split = new NodeProto { OpType = "Split", Name = $"Split_{exporter._temporaries++}" };
            split.Input.AddRange([value, exporter.Longs(Enumerable.Repeat((long)Units, gates).ToArray())]);
            string[] parts = Enumerable.Range(0, gates).Select(_ => exporter.Temporary()).ToArray();
            split.Output.AddRange(parts);
            split.Attribute.Add(Attribute("axis", -1));
            exporter._target.Node.Add(split);
            return parts;
        }

        /// <summary>A cell activation as ONNX ops; Keras 3's hard_sigmoid is relu6(x + 3)/6, Keras 2's clip(0.2·x + 0.5, 0, 1).</summary>
        private string Activate(string name, string x) => name switch
        {
            "tanh" => exporter.Emit("Tanh", [x], exporter.Temporary()),
            "sigmoid" => exporter.Emit("Sigmoid", [x], exporter.Temporary()),
            "relu" => exporter.Emit("Relu", [x], exporter.Temporary()),
            "softsign" => exporter.Emit("Softsign", [x], exporter.Temporary()),
            "linear" => x,
            "hard_sigmoid" => exporter.Emit("HardSigmoid", [x], exporter.Temporary(), Attribute("alpha", 1f / 6), Attribute("beta", 0.5f)),
            "hard_sigmoid_keras2" => exporter.Emit("HardSigmoid", [x], exporter.Temporary(), Attribute("alpha", 0.2f), Attribute("beta", 0.5f)),
            _ => throw new NotSupportedException($"Model.Export: {node.Kernel} uses the activation {name}, which has no ONNX form here."),
        };

        private string Input(string name)
        {
            string full = $"{_body.Name}_{name}";
            _body.Input.Add(FloatValue(full));
            return full;
        }

        private void Output(string name) => _body.Output.Add(FloatValue(name));

        /// <summary>A loop body's value: float, its shape left to the runtime.</summary>
        private static ValueInfoProto FloatValue(string name) =>
            new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)Onnx.TensorProto.Types.DataType.Float } } };
    }

    /// <summary>ONNX's name for a cell activation (the ones ONNX's recurrent ops share with Keras).</summary>
    private static string OnnxActivation(string name, Node node) => name switch
    {
        "tanh" => "Tanh",
        "sigmoid" => "Sigmoid",
        "relu" => "Relu",
        _ => throw new NotSupportedException($"Model.Export: {node.Kernel} uses the activation {name}; ONNX export takes tanh, sigmoid and relu in recurrent layers yet."),
    };
}
