using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>x == y elementwise, as a bool tensor, broadcasting as NumPy; operands of different dtypes are promoted first (<see cref="DTypes.Promote"/>).</summary>
    public static Tensor Equal(Tensor x, Tensor y) =>
        Compare<EqualTest<float>, EqualTest<int>, EqualTest<long>, EqualTest<byte>>(x, y, "Equal");

    /// <summary>x != y elementwise, as a bool tensor, broadcasting as NumPy; operands of different dtypes are promoted first (<see cref="DTypes.Promote"/>).</summary>
    public static Tensor NotEqual(Tensor x, Tensor y) =>
        Compare<NotEqualTest<float>, NotEqualTest<int>, NotEqualTest<long>, NotEqualTest<byte>>(x, y, "NotEqual");

    /// <summary>x &lt; y elementwise, as a bool tensor, broadcasting as NumPy; operands of different dtypes are promoted first (<see cref="DTypes.Promote"/>).</summary>
    public static Tensor Less(Tensor x, Tensor y) =>
        Compare<LessTest<float>, LessTest<int>, LessTest<long>, LessTest<byte>>(x, y, "Less");

    /// <summary>x &lt;= y elementwise, as a bool tensor, broadcasting as NumPy; operands of different dtypes are promoted first (<see cref="DTypes.Promote"/>).</summary>
    public static Tensor LessEqual(Tensor x, Tensor y) =>
        Compare<LessEqualTest<float>, LessEqualTest<int>, LessEqualTest<long>, LessEqualTest<byte>>(x, y, "LessEqual");

    /// <summary>x &gt; y elementwise, as a bool tensor, broadcasting as NumPy; operands of different dtypes are promoted first (<see cref="DTypes.Promote"/>).</summary>
    public static Tensor Greater(Tensor x, Tensor y) =>
        Compare<GreaterTest<float>, GreaterTest<int>, GreaterTest<long>, GreaterTest<byte>>(x, y, "Greater");

    /// <summary>x &gt;= y elementwise, as a bool tensor, broadcasting as NumPy; operands of different dtypes are promoted first (<see cref="DTypes.Promote"/>).</summary>
    public static Tensor GreaterEqual(Tensor x, Tensor y) =>
        Compare<GreaterEqualTest<float>, GreaterEqualTest<int>, GreaterEqualTest<long>, GreaterEqualTest<byte>>(x, y, "GreaterEqual");

    /// <summary>x AND y elementwise on bool tensors, broadcasting as NumPy.</summary>
    /// <exception cref="ArgumentException">An operand is not bool.</exception>
    public static Tensor LogicalAnd(Tensor x, Tensor y) =>
        Run(BinaryKernel.For<bool, bool, CompareOp<bool, AndTest>>("LogicalAnd"), Broadcasting.Result(x.Shape, y.Shape, "LogicalAnd"), DType.Bool,
            RequireBool(x, "LogicalAnd"), RequireBool(y, "LogicalAnd"));

    /// <summary>x OR y elementwise on bool tensors, broadcasting as NumPy.</summary>
    /// <exception cref="ArgumentException">An operand is not bool.</exception>
    public static Tensor LogicalOr(Tensor x, Tensor y) =>
        Run(BinaryKernel.For<bool, bool, CompareOp<bool, OrTest>>("LogicalOr"), Broadcasting.Result(x.Shape, y.Shape, "LogicalOr"), DType.Bool,
            RequireBool(x, "LogicalOr"), RequireBool(y, "LogicalOr"));

    /// <summary>NOT x elementwise on a bool tensor.</summary>
    /// <exception cref="ArgumentException">x is not bool.</exception>
    public static Tensor LogicalNot(Tensor x) => Run(LogicalNotKernel, RequireBool(x, "LogicalNot").Shape, DType.Bool, x);

    private static readonly Kernel LogicalNotKernel = new("LogicalNot", static (x, y) =>
    {
        ReadOnlySpan<bool> s = x[0].Data<bool>();
        Span<bool> d = y.Span<bool>();
        for (int i = 0; i < s.Length; i++) d[i] = !s[i];
    });

    /// <summary>
    /// Picks x where <paramref name="condition"/> is true and y elsewhere, broadcasting all three.
    /// The gradient flows to the operand that was picked.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        RequireBool(condition, "Where");
        Shape shape = Broadcasting.Result(Broadcasting.Result(condition.Shape, x.Shape, "Where"), y.Shape, "Where");
        DType dtype = DTypes.Promote(x.DType, y.DType);
        // Operands already of the output shape, and single values, are read in place (no broadcast copy).
        Tensor c = condition.Shape == shape ? condition : Expand(condition, shape);
        Tensor a = InPlaceOrExpanded(x.AsType(dtype), shape), b = InPlaceOrExpanded(y.AsType(dtype), shape);
        Kernel select = dtype switch
        {
            DType.Float32 => SelectKernel<float>.Instance,
            DType.Int32 => SelectKernel<int>.Instance,
            DType.Int64 => SelectKernel<long>.Instance,
            DType.UInt8 => SelectKernel<byte>.Instance,
            _ => SelectKernel<bool>.Instance,
        };
        Tensor result = Run(select, shape, dtype, c, a, b);
        return result.Record(x, y, g => (
            SumTo(Where(condition, g, Scalar0), x.Shape),
            SumTo(Where(condition, Scalar0, g), y.Shape)));
    }

    /// <summary>x where <paramref name="condition"/> is true and the float32 scalar y elsewhere; see <see cref="Where(Tensor, Tensor, Tensor)"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor x, float y) => Where(condition, x, Tensor.Scalar(y));

    /// <summary>The float32 scalar x where <paramref name="condition"/> is true and y elsewhere; see <see cref="Where(Tensor, Tensor, Tensor)"/>.</summary>
    public static Tensor Where(Tensor condition, float x, Tensor y) => Where(condition, Tensor.Scalar(x), y);

    private static Tensor InPlaceOrExpanded(Tensor t, Shape shape) => t.Size == 1 || t.Shape == shape ? t : Expand(t, shape);

    /// <summary>condition ? x : y elementwise; x and y hold either every element or a single one.</summary>
    private static class SelectKernel<T>
    {
        public static readonly Kernel Instance = new("Where", static (inputs, result) =>
        {
            ReadOnlySpan<bool> c = inputs[0].Data<bool>();
            ReadOnlySpan<T> a = inputs[1].Data<T>(), b = inputs[2].Data<T>();
            int aStep = a.Length == 1 ? 0 : 1, bStep = b.Length == 1 ? 0 : 1;
            Span<T> d = result.Span<T>();
            for (int i = 0; i < d.Length; i++) d[i] = c[i] ? a[i * aStep] : b[i * bStep];
        })
        { Element = typeof(T) == typeof(float) ? new ElementForm.Select() : null };
    }

    private static Tensor Compare<TF, TI, TL, TB>(Tensor x, Tensor y, string op)
        where TF : IComparison<float>
        where TI : IComparison<int>
        where TL : IComparison<long>
        where TB : IComparison<byte>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Shape shape = Broadcasting.Result(x.Shape, y.Shape, op);
        DType dtype = DTypes.Promote(x.DType, y.DType);
        if (dtype == DType.Bool) dtype = DType.UInt8; // compare bools as 0/1
        Tensor a = x.AsType(dtype), b = y.AsType(dtype);
        return dtype switch
        {
            DType.Float32 => Run(BinaryKernel.For<float, bool, CompareOp<float, TF>>(op), shape, DType.Bool, a, b),
            DType.Int32 => Run(BinaryKernel.For<int, bool, CompareOp<int, TI>>(op), shape, DType.Bool, a, b),
            DType.Int64 => Run(BinaryKernel.For<long, bool, CompareOp<long, TL>>(op), shape, DType.Bool, a, b),
            _ => Run(BinaryKernel.For<byte, bool, CompareOp<byte, TB>>(op), shape, DType.Bool, a, b),
        };
    }

    private static Tensor RequireBool(Tensor x, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.DType == DType.Bool ? x
            : throw new ArgumentException($"{op}: expects a bool tensor (e.g. from a comparison), got dtype {x.DType.Name()}.");
    }
}
