using Strata.Kernels;

namespace Strata;

/// <summary>
/// Every tensor op, as a static method: <c>Ops.Exp(x)</c>, <c>Ops.Sum(x, axis: 1)</c>. One file per
/// family; each op's gradient is recorded right after its forward computation.
/// </summary>
public static partial class Ops
{
    /// <summary>x + y, broadcasting as NumPy.</summary>
    public static Tensor Add(Tensor x, Tensor y) =>
        Numeric<AddOp<float>, AddOp<int>, AddOp<long>, AddOp<byte>>(x, y, "Add")
            .Record(x, y, g => (SumTo(g, x.Shape), SumTo(g, y.Shape)));

    /// <summary>x - y, broadcasting as NumPy.</summary>
    public static Tensor Subtract(Tensor x, Tensor y) =>
        Numeric<SubtractOp<float>, SubtractOp<int>, SubtractOp<long>, SubtractOp<byte>>(x, y, "Subtract")
            .Record(x, y, g => (SumTo(g, x.Shape), SumTo(Negative(g), y.Shape)));

    /// <summary>x * y elementwise, broadcasting as NumPy.</summary>
    public static Tensor Multiply(Tensor x, Tensor y) =>
        Numeric<MultiplyOp<float>, MultiplyOp<int>, MultiplyOp<long>, MultiplyOp<byte>>(x, y, "Multiply")
            .Record(x, y, g => (SumTo(g * y, x.Shape), SumTo(g * x, y.Shape)));

    /// <summary>x / y elementwise (true division: integer operands give float32).</summary>
    public static Tensor Divide(Tensor x, Tensor y)
    {
        Tensor xf = ToFloat(x, "Divide"), yf = ToFloat(y, "Divide");
        return Run(BinaryKernel.For<float, float, DivideOp>("Divide"), Broadcasting.Result(x.Shape, y.Shape, "Divide"), DType.Float32, xf, yf)
            .Record(x, y, g => (SumTo(g / y, x.Shape), SumTo(Negative(g) * x / Square(y), y.Shape)));
    }

    /// <summary>x raised to y elementwise, in float32.</summary>
    public static Tensor Pow(Tensor x, Tensor y)
    {
        Tensor xf = ToFloat(x, "Pow"), yf = ToFloat(y, "Pow");
        Tensor z = Run(BinaryKernel.For<float, float, PowOp>("Pow"), Broadcasting.Result(x.Shape, y.Shape, "Pow"), DType.Float32, xf, yf);
        return z.Record(x, y, g => (
            SumTo(g * y * Pow(x, y - 1f), x.Shape),
            // d/dy x^y = x^y·log x, taken as 0 where x <= 0 (where log is undefined) as TensorFlow does.
            SumTo(g * Where(Greater(x, Scalar0), z * Log(Maximum(x, Tensor.Scalar(float.Epsilon))), Scalar0), y.Shape)));
    }

    /// <summary>x raised to a scalar <paramref name="exponent"/> elementwise, in float32.</summary>
    public static Tensor Pow(Tensor x, float exponent) => Pow(x, Tensor.Scalar(exponent));

    /// <summary>The larger of x and y elementwise; the gradient goes to x where x >= y.</summary>
    public static Tensor Maximum(Tensor x, Tensor y) =>
        Numeric<MaximumOp<float>, MaximumOp<int>, MaximumOp<long>, MaximumOp<byte>>(x, y, "Maximum")
            .Record(x, y, g =>
            {
                Tensor xWins = GreaterEqual(x, y);
                return (SumTo(Where(xWins, g, Scalar0), x.Shape), SumTo(Where(xWins, Scalar0, g), y.Shape));
            });

    /// <summary>The smaller of x and y elementwise; the gradient goes to x where x &lt;= y.</summary>
    public static Tensor Minimum(Tensor x, Tensor y) =>
        Numeric<MinimumOp<float>, MinimumOp<int>, MinimumOp<long>, MinimumOp<byte>>(x, y, "Minimum")
            .Record(x, y, g =>
            {
                Tensor xWins = LessEqual(x, y);
                return (SumTo(Where(xWins, g, Scalar0), x.Shape), SumTo(Where(xWins, Scalar0, g), y.Shape));
            });

    /// <summary>Limits x to [min, max]; the gradient passes where x lies inside, as Keras's clip.</summary>
    public static Tensor Clip(Tensor x, float min, float max)
    {
        if (!(min <= max)) throw new ArgumentException($"Clip: min ({min}) must not exceed max ({max}).", nameof(min));
        Tensor lo = Tensor.Scalar(min), hi = Tensor.Scalar(max);
        Tensor xf = ToFloat(x, "Clip"), y;
        using (GradientTape.Suspend()) y = Minimum(Maximum(xf, lo), hi);
        return y.Record(x, g => Where(LogicalAnd(GreaterEqual(x, lo), LessEqual(x, hi)), g, Scalar0));
    }

    /// <summary>
    /// Sums a broadcast gradient back to the shape of the operand it came from: over the leading
    /// axes the operand lacked, and over the axes where it had size 1.
    /// </summary>
    internal static Tensor SumTo(Tensor g, Shape shape)
    {
        if (g.Shape == shape) return g;
        int lead = g.Rank - shape.Rank;
        var axes = new List<int>();
        for (int i = 0; i < g.Rank; i++)
        {
            if (i < lead || (shape.Dims[i - lead] == 1 && g.Shape.Dims[i] != 1)) axes.Add(i);
        }
        return Reshape(Sum(g, axes.ToArray()), shape.Dims);
    }

    private static readonly Tensor Scalar0 = Tensor.Scalar(0f);

    /// <summary>Promotes both operands to a common dtype and runs the row op for it.</summary>
    private static Tensor Numeric<TF, TI, TL, TB>(Tensor x, Tensor y, string op)
        where TF : IBinaryOp<float, float>
        where TI : IBinaryOp<int, int>
        where TL : IBinaryOp<long, long>
        where TB : IBinaryOp<byte, byte>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Shape shape = Broadcasting.Result(x.Shape, y.Shape, op);
        DType dtype = DTypes.Promote(x.DType, y.DType);
        Tensor a = x.AsType(dtype), b = y.AsType(dtype);
        return dtype switch
        {
            DType.Float32 => Run(BinaryKernel.For<float, float, TF>(op), shape, dtype, a, b),
            DType.Int32 => Run(BinaryKernel.For<int, int, TI>(op), shape, dtype, a, b),
            DType.Int64 => Run(BinaryKernel.For<long, long, TL>(op), shape, dtype, a, b),
            DType.UInt8 => Run(BinaryKernel.For<byte, byte, TB>(op), shape, dtype, a, b),
            DType.Bool => throw new ArgumentException($"{op}: arithmetic is not defined on bool tensors; convert them first with AsType(DType.Float32) or AsType(DType.Int32)."),
            _ => throw new ArgumentException($"{op}: arithmetic is not defined on {dtype.Name()} tensors; turn texts into numbers first (TextVectorization)."),
        };
    }

    /// <summary>x as float32 for ops defined only on floats (integers convert, as NumPy's true division does).</summary>
    private static Tensor ToFloat(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType == DType.Bool) throw new ArgumentException($"{op}: not defined on bool tensors; convert first with AsType(DType.Float32).");
        if (x.DType == DType.String) throw new ArgumentException($"{op}: not defined on string tensors; turn texts into numbers first (TextVectorization).");
        return x.AsType(DType.Float32);
    }
}
