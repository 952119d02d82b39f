using System.Numerics.Tensors;

namespace Strata;

public static partial class Ops
{
    /// <summary>A float32 kernel from one contiguous span to another.</summary>
    private delegate void SpanMap(ReadOnlySpan<float> x, Span<float> destination);

    public static Tensor Negative(Tensor x) => RequireNumeric(x, "Negative").DType == DType.Float32
        ? Map(x, static (s, d) => TensorPrimitives.Negate(s, d)).Record(x, Negative)
        : Subtract(Tensor.Zeros(Shape.Scalar, x.DType), x);

    public static Tensor Exp(Tensor x)
    {
        Tensor y = Map(ToFloat(x, "Exp"), static (s, d) => TensorPrimitives.Exp(s, d));
        return y.Record(x, g => g * y);
    }

    /// <summary>The natural logarithm; log(0) is -inf and log of a negative number NaN, as IEEE says.</summary>
    public static Tensor Log(Tensor x) =>
        Map(ToFloat(x, "Log"), static (s, d) => TensorPrimitives.Log(s, d)).Record(x, g => g / x);

    public static Tensor Sqrt(Tensor x)
    {
        Tensor y = Map(ToFloat(x, "Sqrt"), static (s, d) => TensorPrimitives.Sqrt(s, d));
        return y.Record(x, g => g / (2f * y));
    }

    public static Tensor Square(Tensor x) => RequireNumeric(x, "Square").DType == DType.Float32
        ? Map(x, static (s, d) => TensorPrimitives.Multiply(s, s, d)).Record(x, g => g * 2f * x)
        : Multiply(x, x);

    public static Tensor Abs(Tensor x) => RequireNumeric(x, "Abs").DType switch
    {
        DType.Float32 => Map(x, static (s, d) => TensorPrimitives.Abs(s, d)).Record(x, g => g * Sign(x)),
        DType.UInt8 => x.Copy(), // unsigned: already non-negative (and negating would wrap around)
        _ => Maximum(x, Negative(x)),
    };

    /// <summary>-1, 0 or 1 by the sign of each element (no gradient: it is flat almost everywhere).</summary>
    public static Tensor Sign(Tensor x)
    {
        Tensor xf = ToFloat(x, "Sign");
        var y = new Tensor(x.Shape, DType.Float32);
        ReadOnlySpan<float> s = xf.Data<float>();
        Span<float> d = y.Span<float>();
        for (int i = 0; i < s.Length; i++) d[i] = float.IsNaN(s[i]) ? float.NaN : MathF.Sign(s[i]);
        return y.AsType(x.DType);
    }

    /// <summary>x itself, or an error naming the op when x is null or bool.</summary>
    private static Tensor RequireNumeric(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.DType != DType.Bool ? x
            : throw new ArgumentException($"{op}: not defined on bool tensors; convert first with AsType(DType.Float32) or AsType(DType.Int32).");
    }

    private static Tensor Map(Tensor x, SpanMap kernel)
    {
        var y = new Tensor(x.Shape, DType.Float32);
        kernel(x.Data<float>(), y.Span<float>());
        return y;
    }
}
