using Google.Protobuf;
using Onnx;
using Strata.Compilation;

namespace Strata.Export;

// Writing the protobuf: initializers, value infos, element types, nodes and their attributes.
internal sealed partial class OnnxExporter
{
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
