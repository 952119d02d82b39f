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
internal sealed partial class OnnxExporter
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

    /// <summary>A matrix transposed when the product's detail says so ("aᵀ·b", "a·bᵀ").</summary>
    private string Transposed(string input, string? detail, char operand) =>
        detail is not null && detail.Contains($"{operand}ᵀ", StringComparison.Ordinal) ? Emit("Transpose", [input], Temporary(), Attribute("perm", [1, 0])) : input;

    private static int Axis(Node node) =>
        node.Kernel.Detail is string d && d.StartsWith("axis=", StringComparison.Ordinal) ? int.Parse(d[5..], System.Globalization.CultureInfo.InvariantCulture)
            : throw new NotSupportedException($"Model.Export: {node.Kernel} does not say its axis.");
}
