using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>
/// Every error path of the ops: an ArgumentException (or subclass, never an IndexOutOfRangeException)
/// whose message names the op and the offending shapes or values.
/// </summary>
public class ErrorTests
{
    private static Tensor M(params int[] shape) => Tensor.Zeros(shape);

    private static readonly Tensor Bools = Tensor.FromArray(new[] { true, false });

    // ---- Shapes and creation ----

    [Fact]
    public void NegativeDimensions_AreRejected_WithTheShape()
    {
        Error(() => new Shape(2, -1), "Shape", "(2, -1)");
        Error(() => Tensor.Zeros(-1, 3), "(-1, 3)");
        Error(() => Tensor.Ones(3, -2), "(3, -2)");
        Error(() => Tensor.Normal([-4]), "(-4,)");
    }

    [Fact]
    public void TooManyElements_IsAnArgumentError_NotAnOverflow()
    {
        Error(() => Tensor.Zeros(100000, 100000), "(100000, 100000)", "10000000000");
    }

    [Fact]
    public void FromArray_WithTheWrongNumberOfValues_NamesCountAndShape()
    {
        Error(() => Tensor.FromArray(new float[5], 2, 3), "FromArray", "5", "(2, 3)", "6");
        Error(() => Tensor.FromArray(new int[7], 2, -1), "(2, -1)");
        Error(() => Tensor.FromArray(new double[] { 1, 2 }), "Double");
    }

    [Fact]
    public void CreationArguments_AreChecked()
    {
        Error(() => Tensor.Arange(0, 10, 0), "Arange", "step");
        Error(() => Tensor.Uniform([2], 1f, 0f), "Uniform", "maxval");
        Assert.ThrowsAny<ArgumentException>(() => Engine.Threads = 0);
        Error(() => M(2, 3).Shape[2], "axis 2", "rank 2");
    }

    // ---- Broadcasting ----

    public static TheoryData<string, Func<Tensor, Tensor, Tensor>> BinaryOps => new()
    {
        { "Add", Ops.Add }, { "Subtract", Ops.Subtract }, { "Multiply", Ops.Multiply }, { "Divide", Ops.Divide },
        { "Pow", Ops.Pow }, { "Maximum", Ops.Maximum }, { "Minimum", Ops.Minimum },
        { "Equal", Ops.Equal }, { "NotEqual", Ops.NotEqual }, { "Less", Ops.Less }, { "LessEqual", Ops.LessEqual },
        { "Greater", Ops.Greater }, { "GreaterEqual", Ops.GreaterEqual },
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BinaryOps_WithIncompatibleShapes_NameOpAndBothShapes(string op, Func<Tensor, Tensor, Tensor> f)
    {
        Error(() => f(M(2, 3), M(4)), op, "(2, 3)", "(4,)");
        Error(() => f(M(4, 1, 3), M(2, 2)), op, "(4, 1, 3)", "(2, 2)");
    }

    [Fact]
    public void Operators_WithIncompatibleShapes_NameBothShapes()
    {
        Error(() => M(128, 10) + M(128), "Add", "(128, 10)", "(128,)");
        Error(() => M(3) * M(2), "Multiply", "(3,)", "(2,)");
        Error(() => M(3) < M(2), "Less", "(3,)", "(2,)");
    }

    [Fact]
    public void LogicalOpsAndWhere_WithIncompatibleShapes_NameBothShapes()
    {
        Tensor b3 = Tensor.FromArray(new[] { true, false, true });
        Error(() => Ops.LogicalAnd(Bools, b3), "LogicalAnd", "(2,)", "(3,)");
        Error(() => Ops.LogicalOr(Bools, b3), "LogicalOr", "(2,)", "(3,)");
        Error(() => Ops.Where(Bools, M(3), M(3)), "Where", "(2,)", "(3,)");
        Error(() => Ops.Where(Bools, M(2), M(4)), "Where", "(4,)");
    }

    [Fact]
    public void BroadcastTo_AnIncompatibleShape_NamesBoth()
    {
        Error(() => Ops.BroadcastTo(M(3), 2, 4), "BroadcastTo", "(3,)", "(2, 4)");
        Error(() => Ops.BroadcastTo(M(2, 3), 3), "BroadcastTo", "(2, 3)", "(3,)");
    }

    // ---- dtype misuse ----

    public static TheoryData<string, Func<Tensor, Tensor>> UnaryOnBool => new()
    {
        { "Add", x => x + x }, { "Subtract", x => x - x }, { "Multiply", x => x * x }, { "Divide", x => x / x },
        { "Pow", x => Ops.Pow(x, 2f) }, { "Maximum", x => Ops.Maximum(x, x) }, { "Minimum", x => Ops.Minimum(x, x) },
        { "Exp", Ops.Exp }, { "Log", Ops.Log }, { "Sqrt", Ops.Sqrt }, { "Sign", Ops.Sign },
        { "Clip", x => Ops.Clip(x, 0f, 1f) }, { "Relu", Ops.Relu }, { "Sigmoid", Ops.Sigmoid }, { "Tanh", Ops.Tanh },
        { "Softmax", x => Ops.Softmax(x) }, { "LogSoftmax", x => Ops.LogSoftmax(x) },
        { "Max", x => Ops.Max(x) }, { "Min", x => Ops.Min(x, 0) }, { "MatMul", x => Ops.MatMul(x, x) },
        { "Negative", Ops.Negative }, { "Abs", Ops.Abs }, { "Square", Ops.Square },
    };

    [Theory]
    [MemberData(nameof(UnaryOnBool))]
    public void ArithmeticOnBool_NamesTheOpAndTheDtype(string op, Func<Tensor, Tensor> f)
    {
        Error(() => f(Bools), op + ":", "bool");
    }

    [Fact]
    public void LogicalOpsAndWhere_OnNonBool_NameTheDtype()
    {
        Error(() => Ops.LogicalAnd(M(2), Bools), "LogicalAnd", "float32");
        Error(() => Ops.LogicalOr(Bools, Tensor.FromArray(new[] { 1, 0 })), "LogicalOr", "int32");
        Error(() => Ops.LogicalNot(M(2)), "LogicalNot", "float32");
        Error(() => Ops.Where(M(2), M(2), M(2)), "Where", "float32");
    }

    [Fact]
    public void ToArrayAndItem_WithTheWrongType_NameBothTypes()
    {
        Tensor ints = Tensor.FromArray(new[] { 1, 2, 3 });
        Error(() => ints.ToArray<float>(), "ToArray", "int32", "Single");
        Error(() => M(2).ToArray<long>(), "ToArray", "float32");
        Error(() => ints.ToArray<double>(), "Double");
        Error(() => Tensor.Scalar(1).Item<float>(), "int32");
        Error(() => M(2, 3).Item<float>(), "Item", "(2, 3)");
    }

    [Fact]
    public void Take_WithFloatIndices_NamesTheDtype()
    {
        Error(() => Ops.Take(M(4, 3), M(2)), "Take", "float32");
        Error(() => Ops.Take(M(4, 3), Bools), "Take", "bool");
    }

    [Fact]
    public void Take_WithAnIndexOutOfRange_NamesTheIndexAndTheSize()
    {
        Error(() => M(3, 2).Take([5]), "Take", "index 5", "size 3");
        Error(() => M(3, 2).Take([0, -4]), "Take", "index -4", "size 3");
        Error(() => M(3, 2).Take([2], axis: 1), "Take", "index 2", "size 2");
        Error(() => Ops.Take(M(3), Tensor.FromArray(new long[] { 1L << 40 })), "Take");
        Error(() => Ops.Take(M(0), [0]), "Take", "index 0", "size 0");
    }

    // ---- Axes ----

    public static TheoryData<string, Func<Tensor, Tensor>> AxisOps => new()
    {
        { "Sum", x => Ops.Sum(x, 2) }, { "Mean", x => Ops.Mean(x, -3) }, { "Max", x => Ops.Max(x, 2) },
        { "Min", x => Ops.Min(x, [0, 5]) }, { "ArgMax", x => Ops.ArgMax(x, 2) }, { "ArgMin", x => Ops.ArgMin(x, -3) },
        { "Softmax", x => Ops.Softmax(x, 2) }, { "LogSoftmax", x => Ops.LogSoftmax(x, -3) },
        { "Squeeze", x => Ops.Squeeze(x, 2) }, { "Take", x => Ops.Take(x, [0], 2) },
        { "Concat", x => Ops.Concat([x, x], 2) }, { "TensorDot", x => Ops.TensorDot(x, x, [2], [0]) },
    };

    [Theory]
    [MemberData(nameof(AxisOps))]
    public void AxisOutOfRange_NamesTheOpTheAxisAndTheRank(string op, Func<Tensor, Tensor> f)
    {
        ArgumentException e = Error(() => f(M(2, 3)), op + ":", "rank 2");
        Assert.Matches(@"axis (2|-3|5)\b", e.Message);
    }

    [Fact]
    public void ExpandDimsAndStack_AxisOutOfRange_NameTheTensorsRank()
    {
        // The valid range is -3..2 for a rank-2 input; the message must not call the input rank 3.
        Error(() => M(2, 3).ExpandDims(3), "ExpandDims", "axis 3", "rank 2");
        Error(() => Ops.Stack([M(2, 3), M(2, 3)], -4), "Stack", "axis -4", "rank 2");
    }

    [Fact]
    public void RepeatedReductionAxis_IsRejected()
    {
        Error(() => Ops.Sum(M(2, 3), [1, -1]), "Sum", "twice");
        Error(() => Ops.Mean(M(2, 3), [0, 0]), "Mean", "twice");
    }

    [Fact]
    public void ReducingAnEmptyAxis_WithoutAnIdentity_IsAnError()
    {
        Error(() => Ops.Max(M(0)), "Max", "(0,)", "empty");
        Error(() => Ops.Min(M(2, 0), 1), "Min", "(2, 0)", "empty");
        Error(() => Ops.ArgMax(M(2, 0), 1), "ArgMax", "(2, 0)", "empty");
        Error(() => Ops.ArgMin(M(0)), "ArgMin", "empty");
    }

    [Fact]
    public void AxisOnARankZeroTensor_IsAnError()
    {
        Error(() => Ops.Softmax(Tensor.Scalar(1f)), "Softmax", "rank 0");
        Error(() => Ops.Sum(Tensor.Scalar(1f), 0), "Sum", "rank 0");
    }
}
