using System.Numerics.Tensors;
using Strata.Compilation;

namespace Strata;

public static partial class Ops
{

    /// <summary>-x elementwise, in x's dtype (uint8 wraps around, as NumPy).</summary>
    /// <exception cref="ArgumentException">x is bool or string.</exception>
    public static Tensor Negative(Tensor x) => RequireNumeric(x, "Negative").DType == DType.Float32
        ? Map(NegativeKernel, x).Record(x, Negative)
        : Subtract(Tensor.Zeros(Shape.Scalar, x.DType), x);

    /// <summary>e raised to x elementwise, in float32.</summary>
    public static Tensor Exp(Tensor x)
    {
        Tensor y = Map(ExpKernel, ToFloat(x, "Exp"));
        return y.Record(x, g => g * y);
    }

    /// <summary>The natural logarithm; log(0) is -inf and log of a negative number NaN, as IEEE says.</summary>
    public static Tensor Log(Tensor x) =>
        Map(LogKernel, ToFloat(x, "Log")).Record(x, g => g / x);

    /// <summary>The square root elementwise, in float32; NaN for negative elements.</summary>
    public static Tensor Sqrt(Tensor x)
    {
        Tensor y = Map(SqrtKernel, ToFloat(x, "Sqrt"));
        return y.Record(x, g => g / (2f * y));
    }

    /// <summary>x * x elementwise, in x's dtype.</summary>
    /// <exception cref="ArgumentException">x is bool or string.</exception>
    public static Tensor Square(Tensor x) => RequireNumeric(x, "Square").DType == DType.Float32
        ? Map(SquareKernel, x).Record(x, g => g * 2f * x)
        : Multiply(x, x);

    /// <summary>The absolute value elementwise, in x's dtype.</summary>
    /// <exception cref="ArgumentException">x is bool or string.</exception>
    public static Tensor Abs(Tensor x) => RequireNumeric(x, "Abs").DType switch
    {
        DType.Float32 => Map(AbsKernel, x).Record(x, g => g * Sign(x)),
        DType.UInt8 => x.Copy(), // unsigned: already non-negative (and negating would wrap around)
        _ => Maximum(x, Negative(x)),
    };

    /// <summary>-1, 0 or 1 by the sign of each element (no gradient: it is flat almost everywhere).</summary>
    public static Tensor Sign(Tensor x)
    {
        return Map(SignKernel, ToFloat(x, "Sign")).AsType(x.DType);
    }

    /// <summary>x itself, or an error naming the op when x is null, bool or texts.</summary>
    private static Tensor RequireNumeric(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.DType switch
        {
            DType.Bool => throw new ArgumentException($"{op}: not defined on bool tensors; convert first with AsType(DType.Float32) or AsType(DType.Int32)."),
            DType.String => throw new ArgumentException($"{op}: not defined on string tensors; turn texts into numbers first (TextVectorization)."),
            _ => x,
        };
    }

    /// <summary>A float32 op applied element by element: its kernel maps the input's span to the output's.</summary>
    private static Kernel Unary(string name, SpanMap map) =>
        new(name, (x, y) => map(x[0].Data<float>(), y.Span<float>())) { Element = new ElementForm.Unary(map) };

    private static Tensor Map(Kernel kernel, Tensor x) => Run(kernel, x.Shape, DType.Float32, x);

    private static readonly Kernel NegativeKernel = Unary("Negative", static (s, d) => TensorPrimitives.Negate(s, d));
    private static readonly Kernel ExpKernel = Unary("Exp", static (s, d) => TensorPrimitives.Exp(s, d));
    private static readonly Kernel LogKernel = Unary("Log", static (s, d) => TensorPrimitives.Log(s, d));
    private static readonly Kernel SqrtKernel = Unary("Sqrt", static (s, d) => TensorPrimitives.Sqrt(s, d));
    private static readonly Kernel SquareKernel = Unary("Square", static (s, d) => TensorPrimitives.Multiply(s, s, d));
    private static readonly Kernel AbsKernel = Unary("Abs", static (s, d) => TensorPrimitives.Abs(s, d));
    private static readonly Kernel SignKernel = Unary("Sign", static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = float.IsNaN(s[i]) ? float.NaN : MathF.Sign(s[i]);
    });
}
