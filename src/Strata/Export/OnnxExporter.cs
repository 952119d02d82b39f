using Google.Protobuf;
using Onnx;
using Strata.Compilation;
using Strata.Kernels;

namespace Strata.Export;

/// <summary>
/// Writes a model's inference graph as ONNX (opset <see cref="Opset"/>), from the graph its forward pass traces to:
/// each op of the trace becomes ONNX nodes, each weight an initializer, each view of a value a Reshape (or a Slice of
/// its flat storage). The pass is traced twice, with batches of 1 and 2, so that the sizes that follow the batch
/// become ONNX's -1 and the file takes any batch size. Ops without an ONNX form are refused by name.
/// </summary>
internal sealed class OnnxExporter
{
    public const int Opset = 17;

    private readonly GraphProto _graph = new() { Name = "strata" };

    /// <summary>The graph nodes are emitted into: the model's, or a loop body while one is written. Constants always go to the model's.</summary>
    private GraphProto _target;
    private readonly Graph _one, _two;
    private readonly string[] _names;
    private int _temporaries;

    private OnnxExporter(Graph one, Graph two)
    {
        (_one, _two) = (one, two);
        _names = new string[one.Values.Count];
        _target = _graph;
    }

    /// <summary>The model's inference graph as an ONNX file.</summary>
    public static void Export(Model model, string path)
    {
        ModelProto proto = Build(model);
        Saving.AtomicFile.Write(path, "Model.Export", stream => proto.WriteTo(stream));
    }

    internal static ModelProto Build(Model model)
    {
        Graph one = TraceForward(model, 1), two = TraceForward(model, 2);
        if (one.Nodes.Count != two.Nodes.Count || one.Values.Count != two.Values.Count)
        {
            throw new NotSupportedException($"Model.Export: model '{model.Name}' computes differently for batches of 1 and 2 ({one.Nodes.Count} and {two.Nodes.Count} ops); ONNX export needs one graph for every batch size.");
        }
        var exporter = new OnnxExporter(one, two);
        exporter.Write(model);
        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "Strata",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = exporter._graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
    }

    /// <summary>The forward pass in inference mode, traced on zeros of a batch of <paramref name="batch"/>.</summary>
    private static Graph TraceForward(Model model, int batch)
    {
        IReadOnlyList<DType> dtypes = model.InputDTypes ?? [DType.Float32];
        IReadOnlyList<int[]> shapes = model is Sequential s ? [s.DeclaredInputShape ?? s.BuildInputShape ?? throw NotBuilt(model)] : model.Inputs.Select(i => i.Dims).ToArray();
        Tensor[] inputs = shapes.Select((dims, i) =>
        {
            if (dims.Skip(1).Any(d => d < 0)) throw new NotSupportedException($"Model.Export: input {i} of model '{model.Name}' has an axis of any size {Layers.SymbolicTensor.FormatShape(dims)}; ONNX export takes fixed sizes after the batch axis.");
            if (dtypes[i] == DType.String) throw new NotSupportedException($"Model.Export: input {i} of model '{model.Name}' takes texts; ONNX export takes numbers (export the model after its TextVectorization).");
            return Tensor.Zeros(new Shape([batch, .. dims[1..]]), dtypes[i]);
        }).ToArray();
        (Tensor[] results, Trace trace) = Trace.Record(inputs, () => model.CallOutputs(inputs));
        if (trace.Invalid is string reason) throw new NotSupportedException($"Model.Export: model '{model.Name}' cannot be traced: {reason}.");
        return trace.ToGraph(results);
    }

    private static InvalidOperationException NotBuilt(Model model) => new($"Model.Export: model '{model.Name}' is not built: declare its input shape or call it on data first.");

    private void Write(Model model)
    {
        for (int i = 0; i < _one.Inputs.Length; i++)
        {
            Value input = _one.Values[_one.Inputs[i]];
            string name = model is Sequential ? "input" : model.Inputs[i].Name;
            _names[input.Id] = name;
            _graph.Input.Add(ValueInfo(name, input.DType, input.Shape));
        }
        foreach (Value value in _one.Values)
        {
            if (value.Kind is ValueKind.Variable or ValueKind.Constant) _names[value.Id] = Initializer(value);
        }
        foreach (Node node in _one.Nodes) Lower(node);
        for (int o = 0; o < _one.Outputs.Length; o++)
        {
            Value output = _one.Values[_one.Outputs[o]];
            string name = model.OutputNames.Count > o ? model.OutputNames[o] : $"output_{o}";
            Emit("Identity", [Name(output.Id)], name);
            _graph.Output.Add(ValueInfo(name, output.DType, output.Shape));
        }
    }

    /// <summary>A value's name, writing the Reshape or Slice that makes a view when it is first needed.</summary>
    private string Name(int id)
    {
        if (_names[id] is string known) return known;
        Value view = _one.Values[id];
        if (view.Kind != ValueKind.View) throw new InvalidOperationException($"Model.Export: value %{id} is used before it is computed.");
        Value root = _one.Values[view.Root];
        string source = Name(root.Id);
        if (view.Start == 0 && view.Shape.Size == root.Shape.Size)
        {
            return _names[id] = Emit("Reshape", [source, Dims(id)], Temporary());
        }
        if (LeadingRows(view, root) is (int first, int count) && LeadingRows(_two.Values[id], _two.Values[root.Id]) == (first, count))
        {
            // Rows of the root's first axis (a step of a sequence): the same rows whatever the batch.
            string rows = Emit("Slice", [source, Longs([first]), Longs([first + count]), Longs([0])], Temporary());
            return _names[id] = Emit("Reshape", [rows, Dims(id)], Temporary());
        }
        if (view.Start != _two.Values[id].Start) throw new NotSupportedException($"Model.Export: a view %{id} starts at an offset that depends on the batch; not exported yet.");
        string flat = Emit("Reshape", [source, Longs([-1])], Temporary());
        string part = Emit("Slice", [flat, Longs([view.Start]), Longs([view.Start + view.Shape.Size]), Longs([0])], Temporary());
        return _names[id] = Emit("Reshape", [part, Dims(id)], Temporary());
    }

    /// <summary>The rows [first, first + count) of the root's first axis that a view covers exactly, if it does.</summary>
    private static (int First, int Count)? LeadingRows(Value view, Value root)
    {
        if (root.Shape.Rank < 2) return null;
        int row = root.Shape.Size / root.Shape[0];
        return row > 0 && view.Start % row == 0 && view.Shape.Size % row == 0 ? (view.Start / row, view.Shape.Size / row) : null;
    }

    /// <summary>The target of a reshape to value <paramref name="id"/>'s shape: sizes that follow the batch become -1.</summary>
    private string Dims(int id)
    {
        int[] one = _one.Values[id].Shape.Dims, two = _two.Values[id].Shape.Dims;
        long[] dims = one.Select((d, i) => d == two[i] ? (long)d : -1L).ToArray();
        if (dims.Count(d => d == -1) > 1) throw new NotSupportedException($"Model.Export: value %{id} {_one.Values[id].Shape} has several sizes that follow the batch; not exported yet.");
        return Longs(dims);
    }

    private void Lower(Node node)
    {
        string[] inputs = node.Inputs.Select(Name).ToArray();
        string output = _names[node.Output] = Temporary();
        string op = node.Kernel.Name;
        switch (op)
        {
            case "Copy":
                Emit("Identity", inputs, output);
                break;
            case "Add" or "Subtract" or "Multiply" or "Divide" or "Pow" or "Maximum" or "Minimum":
                Emit(op switch { "Subtract" => "Sub", "Multiply" => "Mul", "Divide" => "Div", "Maximum" => "Max", "Minimum" => "Min", _ => op }, inputs, output);
                break;
            case "Relu" or "Sigmoid" or "Tanh" or "Exp" or "Log" or "Sqrt" or "Abs" or "Sign" or "Negative":
                Emit(op == "Negative" ? "Neg" : op, inputs, output);
                break;
            case "Equal" or "Less" or "Greater":
                Emit(op, inputs, output);
                break;
            case "LessEqual" or "GreaterEqual":
                Emit(op.Replace("Equal", "OrEqual", StringComparison.Ordinal), inputs, output);
                break;
            case "NotEqual":
                Emit("Not", [Emit("Equal", inputs, Temporary())], output);
                break;
            case "LogicalAnd" or "LogicalOr" or "LogicalNot":
                Emit(op["Logical".Length..], inputs, output);
                break;
            case "Where":
                Emit("Where", inputs, output);
                break;
            case "Pad" when node.Kernel.Attributes is PadBegin pad:
                Padding(node, pad, inputs[0], output);
                break;
            case "Expand" when node.Kernel.Attributes is StridedRead:
                Broadcast(node, inputs[0], output);
                break;
            case "Square":
                Emit("Mul", [inputs[0], inputs[0]], output);
                break;
            case "MatMul":
                Emit("MatMul", [Transposed(inputs[0], node.Kernel.Detail, 'a'), Transposed(inputs[1], node.Kernel.Detail, 'b')], output);
                break;
            case "Softmax" or "LogSoftmax":
                Emit(op, inputs, output, Attribute("axis", Axis(node)));
                break;
            case "Concat":
                Emit("Concat", inputs, output, Attribute("axis", Axis(node)));
                break;
            case "Sum":
                Emit("ReduceSum", [inputs[0], Longs([Axis(node)])], output, Attribute("keepdims", 0));
                break;
            case "Max" or "Min":
                Emit($"Reduce{op}", inputs, output, Attribute("axes", [Axis(node)]), Attribute("keepdims", 0));
                break;
            case "Conv":
                Convolution(node, inputs, output);
                break;
            case "DepthwiseConv":
                Depthwise(node, inputs, output);
                break;
            case "Resize" when node.Kernel.Attributes is SamplingGeometry sampling:
                Resize(node, sampling, inputs[0], output);
                break;
            case "Col2Im":
                ColumnsToImage(node, inputs[0], output);
                break;
            case "MaskedSoftmax":
                MaskedSoftmax(node, inputs, output);
                break;
            case "LstmSequence" or "GruSequence" or "GruResetBeforeSequence" or "SimpleRnnSequence":
                Recurrent(node, inputs, output);
                break;
            case "Take":
                Emit("Gather", inputs, output, Attribute("axis", Axis(node)));
                break;
            case "Cast":
                Emit("Cast", inputs, output, Attribute("to", (long)ElementType(_one.Values[node.Output].DType, Name(node.Output))));
                break;
            case "MaxPool" or "AveragePool":
                Pooling(node, inputs[0], output);
                break;
            case "Transpose" or "Slice" or "StridedSlice" or "Take" when node.Kernel.Attributes is StridedRead read:
                Strided(node, read, inputs[0], output);
                break;
            default:
                throw new NotSupportedException($"Model.Export: the op {node.Kernel}{(node.Layer is null ? "" : $" (in layer '{node.Layer}')")} has no ONNX form yet.");
        }
    }

    /// <summary>
    /// Strata's convolution: NHWC input, kernel (kh·kw·cin, cout), output (batch·oh·ow, cout). ONNX's Conv is NCHW
    /// with kernels (cout, cin, kh, kw): the input and kernel are transposed to it, the result back.
    /// </summary>
    private void Convolution(Node node, string[] inputs, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is ConvGeometry geometry ? geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        int filters = _one.Values[node.Output].Shape[^1];
        string x = Emit("Transpose", [inputs[0]], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string k4 = Emit("Reshape", [inputs[1], Longs([g.KernelHeight, g.KernelWidth, g.Channels, filters])], Temporary());
        string w = Emit("Transpose", [k4], Temporary(), Attribute("perm", [3, 2, 0, 1]));
        string y = Emit("Conv", [x, w], Temporary(), [.. Window(g), Attribute("dilations", [g.DilationH, g.DilationW])]);
        string nhwc = Emit("Transpose", [y], Temporary(), Attribute("perm", [0, 2, 3, 1]));
        Emit("Reshape", [nhwc, Longs([-1, filters])], output);
    }

    /// <summary>Strata's depthwise convolution, one kernel (kh, kw) per channel: ONNX's Conv with a group per channel.</summary>
    private void Depthwise(Node node, string[] inputs, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is WindowGeometry window ? window.Geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        string x = Emit("Transpose", [inputs[0]], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string k = Emit("Transpose", [inputs[1]], Temporary(), Attribute("perm", [2, 0, 1]));
        string w = Emit("Reshape", [k, Longs([g.Channels, 1, g.KernelHeight, g.KernelWidth])], Temporary());
        string y = Emit("Conv", [x, w], Temporary(), [.. Window(g), Attribute("dilations", [g.DilationH, g.DilationW]), Attribute("group", g.Channels)]);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    /// <summary>
    /// Ops.Resize: the resampling whose transform is TensorFlow's half-pixel scaler, edges held (the only transform
    /// Resize makes), as ONNX's Resize in half_pixel mode; nearest rounds halves up, as Strata's. Images go NCHW and back.
    /// </summary>
    private void Resize(Node node, SamplingGeometry g, string input, string output)
    {
        Value transform = _one.Values[node.Inputs[1]];
        float sy = (float)g.InHeight / g.OutHeight, sx = (float)g.InWidth / g.OutWidth;
        float[] scaler = [sx, 0, (0.5f * sx) - 0.5f, 0, sy, (0.5f * sy) - 0.5f, 0, 0];
        if (transform.Kind != ValueKind.Constant || !transform.Tensor.ToArray<float>().SequenceEqual(scaler) || g.Fill != FillMode.Nearest)
        {
            throw new NotSupportedException($"Model.Export: {node.Kernel}{(node.Layer is null ? "" : $" (in layer '{node.Layer}')")} resamples through a transform other than a resize's; not exported yet.");
        }
        string x = Emit("Transpose", [input], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string leading = Emit("Shape", [x], Temporary(), Attribute("start", 0), Attribute("end", 2));
        string sizes = Emit("Concat", [leading, Longs([g.OutHeight, g.OutWidth])], Temporary(), Attribute("axis", 0));
        AttributeProto[] mode = g.Bilinear
            ? [Attribute("mode", "linear"), Attribute("coordinate_transformation_mode", "half_pixel")]
            : [Attribute("mode", "nearest"), Attribute("coordinate_transformation_mode", "half_pixel"), Attribute("nearest_mode", "round_prefer_ceil")];
        string y = Emit("Resize", [x, "", "", sizes], Temporary(), mode);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    /// <summary>
    /// col2im (a transposed convolution's second half, after the product with the kernel): each row of the columns
    /// (one per window position, its values in (kh, kw, channels) order) added back where its window lies. ONNX's
    /// ConvTranspose does exactly this with a kernel that routes input channel (i, j, c) to output channel c at
    /// offset (i, j): the columns go in as an NCHW image of kh·kw·channels channels. The pads are the window's;
    /// rows and columns of the image that no window reaches come from output_padding.
    /// </summary>
    private void ColumnsToImage(Node node, string input, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is WindowGeometry window ? window.Geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        if (g.DilationH != 1 || g.DilationW != 1) throw new NotSupportedException($"Model.Export: {node.Kernel} is dilated; not exported yet.");
        int c = g.Channels, depth = g.Depth;
        var routing = new float[depth * c * g.KernelHeight * g.KernelWidth];
        for (int i = 0; i < g.KernelHeight; i++)
        {
            for (int j = 0; j < g.KernelWidth; j++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    int from = (((i * g.KernelWidth) + j) * c) + ch;
                    routing[(((from * c) + ch) * g.KernelHeight * g.KernelWidth) + (i * g.KernelWidth) + j] = 1f;
                }
            }
        }
        string w = Initializer($"col2im_routing_{_temporaries++}", Tensor.FromArray(routing, depth, c, g.KernelHeight, g.KernelWidth));
        string image = Emit("Reshape", [input, Longs([-1, g.OutHeight, g.OutWidth, depth])], Temporary());
        string nchw = Emit("Transpose", [image], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        AttributeProto[] stridesAndPads = Window(g);
        long[] pads = [.. stridesAndPads[1].Ints];
        long Reached(int outSize, int stride, int kernel, long padBegin, long padEnd) => ((outSize - 1L) * stride) + kernel - padBegin - padEnd;
        long[] extra = [g.Height - Reached(g.OutHeight, g.StrideH, g.KernelHeight, pads[0], pads[2]), g.Width - Reached(g.OutWidth, g.StrideW, g.KernelWidth, pads[1], pads[3])];
        string y = Emit("ConvTranspose", [nchw, w], Temporary(), [.. stridesAndPads, Attribute("output_padding", extra)]);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

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

    /// <summary>Attention's softmax over the last axis with −1e9 added where the mask (float, 1 keeps) is 0; no mask: a plain softmax.</summary>
    private void MaskedSoftmax(Node node, string[] inputs, string output)
    {
        if (_one.Values[node.Inputs[1]].Shape.Size == 0)
        {
            Emit("Softmax", [inputs[0]], output, Attribute("axis", -1));
            return;
        }
        string dropped = Emit("Sub", [inputs[1], Float(1f)], Temporary());
        string penalty = Emit("Mul", [dropped, Float(1e9f)], Temporary());
        Emit("Softmax", [Emit("Add", [inputs[0], penalty], Temporary())], output, Attribute("axis", -1));
    }

    /// <summary>A float constant: a scalar, or a vector of <paramref name="count"/> copies.</summary>
    private string Float(float value, int? count = null)
    {
        string name = $"scalar_{_temporaries++}";
        var proto = new TensorProto { Name = name, DataType = (int)Onnx.TensorProto.Types.DataType.Float };
        if (count is int n) proto.Dims.Add(n);
        proto.FloatData.AddRange(Enumerable.Repeat(value, count ?? 1));
        _graph.Initializer.Add(proto);
        return name;
    }

    private string Initializer(string name, Tensor value)
    {
        _graph.Initializer.Add(TensorProto(name, value));
        return name;
    }

    private void Pooling(Node node, string input, string output)
    {
        ConvGeometry g = node.Kernel.Attributes is WindowGeometry pool ? pool.Geometry : throw new NotSupportedException($"Model.Export: {node.Kernel} has no geometry.");
        string x = Emit("Transpose", [input], Temporary(), Attribute("perm", [0, 3, 1, 2]));
        string y = Emit(node.Kernel.Name, [x], Temporary(), [Attribute("kernel_shape", [g.KernelHeight, g.KernelWidth]), .. Window(g)]);
        Emit("Transpose", [y], output, Attribute("perm", [0, 2, 3, 1]));
    }

    /// <summary>
    /// A strided copy as ONNX's Transpose (its strides a permutation of the source's) or Slice (the source's strides,
    /// from an offset): an axis the copy takes whole stays whole whatever the batch; other bounds must not follow it.
    /// </summary>
    private void Strided(Node node, StridedRead read, string input, string output)
    {
        Shape source = _one.Values[node.Inputs[0]].Shape, result = _one.Values[node.Output].Shape;
        int[] strides = source.Strides();
        if (read.Start == 0 && Permutation(_two.Nodes[_one.Nodes.ToList().IndexOf(node)], _two) is long[] perm && perm.Select((a, k) => source[(int)a] == result[k]).All(same => same))
        {
            Emit("Transpose", [input], output, Attribute("perm", perm));
            return;
        }
        if (read.Strides.SequenceEqual(strides))
        {
            Node twin = _two.Nodes[_one.Nodes.ToList().IndexOf(node)];
            long[] starts = Starts(read.Start, strides), twinStarts = Starts(((StridedRead)twin.Kernel.Attributes!).Start, _two.Values[node.Inputs[0]].Shape.Strides());
            Shape twinSource = _two.Values[node.Inputs[0]].Shape, twinResult = _two.Values[node.Output].Shape;
            var ends = new long[source.Rank];
            for (int a = 0; a < source.Rank; a++)
            {
                bool whole = starts[a] == 0 && result[a] == source[a] && twinResult[a] == twinSource[a];
                if (!whole && (starts[a] != twinStarts[a] || result[a] != twinResult[a]))
                {
                    throw new NotSupportedException($"Model.Export: {node.Kernel} cuts an axis that follows the batch; not exported yet.");
                }
                ends[a] = whole ? long.MaxValue : starts[a] + result[a];
            }
            Emit("Slice", [input, Longs(starts), Longs(ends), Longs(Enumerable.Range(0, source.Rank).Select(a => (long)a).ToArray())], output);
            return;
        }
        throw new NotSupportedException($"Model.Export: the op {node.Kernel}{(node.Layer is null ? "" : $" (in layer '{node.Layer}')")} reads its input with strides ONNX export does not map yet.");
    }

    /// <summary>
    /// The axes a strided read permutes, if it reads its whole source in another order (a transpose): each output axis
    /// is the source axis with its stride and size; axes of size 1, which never step, take the source's unused ones.
    /// </summary>
    private static long[]? Permutation(Node node, Graph graph)
    {
        if (node.Kernel.Attributes is not StridedRead { Start: 0 } read) return null;
        Shape source = graph.Values[node.Inputs[0]].Shape, result = graph.Values[node.Output].Shape;
        if (source.Rank != result.Rank || source.Size != result.Size) return null;
        int[] strides = source.Strides();
        var perm = new long[result.Rank];
        var used = new bool[source.Rank];
        for (int k = 0; k < result.Rank; k++)
        {
            if (result[k] == 1) continue;
            int j = Enumerable.Range(0, source.Rank).FirstOrDefault(a => !used[a] && strides[a] == read.Strides[k] && source[a] == result[k], -1);
            if (j < 0) return null;
            (perm[k], used[j]) = (j, true);
        }
        for (int k = 0; k < result.Rank; k++)
        {
            if (result[k] != 1) continue;
            int j = Enumerable.Range(0, source.Rank).FirstOrDefault(a => !used[a] && source[a] == 1, -1);
            if (j < 0) return null;
            (perm[k], used[j]) = (j, true);
        }
        return perm;
    }

    /// <summary>Zeros around the input: ONNX's Pad, its pads the same whatever the batch.</summary>
    private void Padding(Node node, PadBegin pad, string input, string output)
    {
        Shape source = _one.Values[node.Inputs[0]].Shape, result = _one.Values[node.Output].Shape;
        long[] ends = result.Dims.Select((d, a) => (long)(d - source[a] - pad.Begin[a])).ToArray();
        Shape twinSource = _two.Values[node.Inputs[0]].Shape, twinResult = _two.Values[node.Output].Shape;
        if (ends.Where((e, a) => e != twinResult[a] - twinSource[a] - pad.Begin[a]).Any()) throw new NotSupportedException($"Model.Export: {node.Kernel} pads by an amount that follows the batch; not exported yet.");
        Emit("Pad", [input, Longs([.. pad.Begin.Select(b => (long)b), .. ends])], output);
    }

    /// <summary>
    /// A strided read that repeats values (stride 0: broadcasting, upsampling) as ONNX's Expand: the input reshaped with
    /// a 1 at each repeated axis, then expanded to the repeats. Read from the batch-of-2 trace, where the batch axis steps.
    /// </summary>
    private void Broadcast(Node node, string input, string output)
    {
        Node twin = _two.Nodes[_one.Nodes.ToList().IndexOf(node)];
        int[] strides = ((StridedRead)twin.Kernel.Attributes!).Strides;
        Shape result = _two.Values[twin.Output].Shape, one = _one.Values[node.Output].Shape;
        bool[] repeated = strides.Select((s, k) => s == 0 && result[k] > 1).ToArray();
        if (repeated.Where((r, k) => r && result[k] != one[k]).Any()) throw new NotSupportedException($"Model.Export: {node.Kernel} repeats along the batch; not exported yet.");
        // The other axes must read the input in its own order (row-major), so that a reshape gives them.
        int[] keptDims = result.Dims.Select((d, k) => repeated[k] ? 1 : d).ToArray();
        int[] contiguous = new Shape(keptDims).Strides();
        bool inOrder = keptDims.Select((d, k) => repeated[k] || d == 1 || strides[k] == contiguous[k]).All(ok => ok)
            && keptDims.Aggregate(1L, (a, d) => a * d) == _two.Values[twin.Inputs[0]].Shape.Size && ((StridedRead)twin.Kernel.Attributes!).Start == 0;
        if (!inOrder) throw new NotSupportedException($"Model.Export: {node.Kernel} reads its input out of order while repeating it; not exported yet.");
        long[] kept = result.Dims.Select((d, k) => repeated[k] ? 1L : d == one[k] ? d : -1L).ToArray();
        long[] repeats = result.Dims.Select((d, k) => repeated[k] ? (long)d : 1L).ToArray();
        string reshaped = Emit("Reshape", [input, Longs(kept)], Temporary());
        Emit("Expand", [reshaped, Longs(repeats)], output);
    }

    /// <summary>An offset in a contiguous array as its index along each axis.</summary>
    private static long[] Starts(int offset, int[] strides)
    {
        var starts = new long[strides.Length];
        for (int a = 0; a < strides.Length; a++)
        {
            starts[a] = strides[a] == 0 ? 0 : offset / strides[a];
            offset -= (int)starts[a] * strides[a];
        }
        return starts;
    }

    /// <summary>Strides and pads (top, left, bottom, right) of a window's geometry.</summary>
    private static AttributeProto[] Window(ConvGeometry g)
    {
        int Total(int size, int outSize, int stride, int kernel, int dilation) => Math.Max(0, ((outSize - 1) * stride) + ((kernel - 1) * dilation) + 1 - size);
        int bottom = Total(g.Height, g.OutHeight, g.StrideH, g.KernelHeight, g.DilationH) - g.PadTop;
        int right = Total(g.Width, g.OutWidth, g.StrideW, g.KernelWidth, g.DilationW) - g.PadLeft;
        return [Attribute("strides", [g.StrideH, g.StrideW]), Attribute("pads", [g.PadTop, g.PadLeft, bottom, right])];
    }

    /// <summary>A matrix transposed when the product's detail says so ("aᵀ·b", "a·bᵀ").</summary>
    private string Transposed(string input, string? detail, char operand) =>
        detail is not null && detail.Contains($"{operand}ᵀ", StringComparison.Ordinal) ? Emit("Transpose", [input], Temporary(), Attribute("perm", [1, 0])) : input;

    private static int Axis(Node node) =>
        node.Kernel.Detail is string d && d.StartsWith("axis=", StringComparison.Ordinal) ? int.Parse(d[5..], System.Globalization.CultureInfo.InvariantCulture)
            : throw new NotSupportedException($"Model.Export: {node.Kernel} does not say its axis.");

    private string Initializer(Value value)
    {
        string name = value.Kind == ValueKind.Variable ? ((Variable)value.Tensor).Name : $"const_{value.Id}";
        _graph.Initializer.Add(TensorProto(name, value.Tensor));
        return name;
    }

    private static TensorProto TensorProto(string name, Tensor tensor)
    {
        var proto = new TensorProto { Name = name, DataType = (int)ElementType(tensor.DType, name) };
        proto.Dims.AddRange(tensor.Shape.Dims.Select(d => (long)d));
        switch (tensor.DType)
        {
            case DType.Float32: proto.FloatData.AddRange(tensor.ToArray<float>()); break;
            case DType.Int64: proto.Int64Data.AddRange(tensor.ToArray<long>()); break;
            case DType.Int32: proto.Int32Data.AddRange(tensor.ToArray<int>()); break;
            default: throw new NotSupportedException($"Model.Export: '{name}' is {tensor.DType.Name()}; not exported yet.");
        }
        return proto;
    }

    private string Longs(long[] values)
    {
        string name = $"shape_{_temporaries++}";
        var proto = new TensorProto { Name = name, DataType = (int)Onnx.TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        _graph.Initializer.Add(proto);
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, DType dtype, Shape shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)ElementType(dtype, name), Shape = new TensorShapeProto() };
        for (int d = 0; d < shape.Rank; d++)
        {
            tensor.Shape.Dim.Add(d == 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = shape[d] });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static Onnx.TensorProto.Types.DataType ElementType(DType dtype, string name) => dtype switch
    {
        DType.Float32 => Onnx.TensorProto.Types.DataType.Float,
        DType.Int64 => Onnx.TensorProto.Types.DataType.Int64,
        DType.Int32 => Onnx.TensorProto.Types.DataType.Int32,
        DType.Bool => Onnx.TensorProto.Types.DataType.Bool,
        DType.UInt8 => Onnx.TensorProto.Types.DataType.Uint8,
        _ => throw new NotSupportedException($"Model.Export: '{name}' is {dtype.Name()}; ONNX export takes numbers."),
    };

    private string Temporary() => $"t{_temporaries++}";

    private string Emit(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_temporaries++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _target.Node.Add(node);
        return output;
    }

    private static AttributeProto Attribute(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static AttributeProto Attribute(string name, string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    private static AttributeProto Attribute(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Attribute(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Attribute(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
