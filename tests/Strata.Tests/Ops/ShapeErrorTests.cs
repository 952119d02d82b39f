using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>Error paths of reshaping, matrix products, slicing, indexing, joining and clipping.</summary>
public class ShapeErrorTests
{
    private static Tensor M(params int[] shape) => Tensor.Zeros(shape);

    [Fact]
    public void Reshape_ToTheWrongSize_NamesBothShapesAndTheCount()
    {
        Error(() => M(2, 3).Reshape(4, 2), "Reshape", "(2, 3)", "6", "(4, 2)");
        Error(() => M(2, 3).Reshape(4, -1), "Reshape", "(2, 3)", "(4, -1)");
        Error(() => M(2, 3).Reshape(0, -1), "Reshape", "(0, -1)");
        Error(() => M(6).Reshape(), "Reshape", "(6,)", "()");
    }

    [Fact]
    public void Reshape_WithTwoMinusOnesOrANegativeSize_NamesTheTarget()
    {
        Error(() => M(2, 3).Reshape(-1, -1), "Reshape", "(-1, -1)");
        Error(() => M(2, 3).Reshape(-2, -3), "Reshape", "(-2, -3)");
        Error(() => M(2, 3).Reshape(6, -2), "Reshape", "(6, -2)");
    }

    [Fact]
    public void MatMul_WithDifferentInnerDimensions_HasTheExactMessage()
    {
        ArgumentException e = Error(() => Ops.MatMul(M(128, 784), M(512, 10)));
        Assert.Equal("MatMul: inner dimensions differ: (128, 784) x (512, 10)", e.Message.TrimEnd('.'));
        Error(() => M(2, 3, 4).MatMul(M(5, 2)), "MatMul", "(2, 3, 4)", "(5, 2)");
    }

    [Fact]
    public void MatMul_OfVectorsWithDifferentLengths_NamesTheShapesGiven()
    {
        Error(() => Ops.MatMul(M(3), M(4)), "MatMul", "(3,)", "(4,)");
        Error(() => Ops.MatMul(M(3), M(4, 2)), "MatMul", "(3,)", "(4, 2)");
        Error(() => Ops.MatMul(M(2, 4), M(3)), "MatMul", "(2, 4)", "(3,)");
    }

    [Fact]
    public void MatMul_WithIncompatibleBatchAxes_NamesBothOperandShapes()
    {
        Error(() => Ops.MatMul(M(2, 3, 4), M(5, 4, 2)), "MatMul", "(2, 3, 4)", "(5, 4, 2)");
    }

    [Fact]
    public void MatMul_OfAScalar_IsAnError()
    {
        Error(() => Ops.MatMul(Tensor.Scalar(2f), M(2, 2)), "MatMul", "()", "(2, 2)");
    }

    [Fact]
    public void DotAndTensorDot_WithMismatchedAxes_NameTheShapes()
    {
        Error(() => Ops.Dot(M(2, 3), M(4, 5)), "(2, 3)", "(4, 5)");
        Error(() => Ops.TensorDot(M(2, 3), M(4, 5), 1), "TensorDot", "(2, 3)", "(4, 5)");
        Error(() => Ops.TensorDot(M(2, 3), M(3), 2), "TensorDot", "2", "(2, 3)", "(3,)");
        Error(() => Ops.TensorDot(M(2, 3), M(3), -1), "TensorDot");
        Error(() => Ops.TensorDot(M(2, 3), M(3, 2), [0, 1], [1]), "TensorDot", "2", "1");
    }

    [Fact]
    public void Transpose_WithABadPermutation_NamesAxesAndShape()
    {
        Error(() => M(2, 3).Transpose(0, 0), "Transpose", "[0, 0]", "(2, 3)");
        Error(() => M(2, 3).Transpose(0), "Transpose", "[0]", "(2, 3)");
        Error(() => M(2, 3).Transpose(0, 2), "Transpose", "[0, 2]");
        Error(() => M(2, 3).Permute(1, 0, 2), "Transpose", "[1, 0, 2]");
        Error(() => M(2, 3).Transpose(-3, 0), "Transpose", "[-3, 0]");
    }

    [Fact]
    public void Squeeze_OfAnAxisThatIsNotOne_NamesAxisShapeAndSize()
    {
        Error(() => M(2, 1, 3).Squeeze(0), "Squeeze", "axis 0", "(2, 1, 3)", "size 2");
        Error(() => M(2, 1, 3).Squeeze(-1), "Squeeze", "axis -1", "size 3");
    }

    [Fact]
    public void Slice_OutOfRange_NamesAxisShapeAndBounds()
    {
        Error(() => Ops.Slice(M(10, 3), [8, 0], [5, 3]), "Slice", "axis 0", "(10, 3)");
        Error(() => Ops.Slice(M(10, 3), [0, -1], [1, 1]), "Slice", "axis 1", "(10, 3)");
        Error(() => Ops.Slice(M(10, 3), [0, 4], [1, -1]), "Slice", "axis 1");
        Error(() => Ops.Slice(M(10, 3), [0, 0], [1, -2]), "Slice", "axis 1");
        Error(() => Ops.Slice(M(10, 3), [0], [1]), "Slice", "(10, 3)");
    }

    [Fact]
    public void Indexer_RangeBeyondTheAxis_NamesRangeAndShape()
    {
        Tensor x = M(10, 3);
        Error(() => x[..100], "100", "(10, 3)");
        Error(() => x[^11..], "^11", "(10, 3)");
        Error(() => x[5..2], "5..2", "(10, 3)");
        Error(() => x[.., 1..4], "1..4", "axis 1", "(10, 3)");
        Error(() => x[.., .., ..], "3 ranges", "(10, 3)");
    }

    [Fact]
    public void Indexer_IndexBeyondTheAxis_NamesIndexAndShape()
    {
        Tensor x = M(10, 3);
        Error(() => x[10], "index 10", "(10, 3)");
        Error(() => x[^11], "^11", "(10, 3)");
        Error(() => M(0, 3)[0], "index 0", "(0, 3)");
        Error(() => Tensor.Scalar(1f)[0], "scalar");
    }

    [Fact]
    public void Concat_OfMismatchedShapes_NamesBothShapes()
    {
        Error(() => Ops.Concat([M(2, 3), M(2, 4)]), "Concat", "(2, 3)", "(2, 4)", "axis 0");
        Error(() => Ops.Concat([M(2, 3), M(3, 3)], axis: 1), "Concat", "(2, 3)", "(3, 3)");
        Error(() => Ops.Concat([M(2, 3), M(3)]), "Concat", "(2, 3)", "(3,)");
        Error(() => Ops.Concat([M(2), M(2, 3)]), "Concat", "(2,)", "(2, 3)");
        Error(() => Ops.Concat(Array.Empty<Tensor>()), "Concat");
        Error(() => Ops.Concat([Tensor.Scalar(1f), Tensor.Scalar(2f)]), "Concat", "rank 0");
    }

    [Fact]
    public void Stack_OfMismatchedShapes_NamesBothShapes()
    {
        Error(() => Ops.Stack([M(3), M(4)]), "Stack", "(3,)", "(4,)");
        Error(() => Ops.Stack([M(2, 3), M(3, 2)], axis: 1), "Stack", "(2, 3)", "(3, 2)");
        Error(() => Ops.Stack(Array.Empty<Tensor>()), "Stack");
    }

    [Fact]
    public void Clip_WithMinAboveMax_NamesBothBounds()
    {
        Error(() => Ops.Clip(M(2), 2f, 1f), "Clip", "2", "1");
        Error(() => Ops.Clip(M(2), float.NaN, 1f), "Clip", "NaN");
    }

    public static TheoryData<string, Func<Tensor, object>> NullInputs => new()
    {
        { "Add", x => Ops.Add(x, x) }, { "Negative", Ops.Negative }, { "Abs", Ops.Abs }, { "Square", Ops.Square },
        { "Exp", Ops.Exp }, { "Sign", Ops.Sign }, { "Relu", Ops.Relu }, { "Softmax", x => Ops.Softmax(x) },
        { "LogSoftmax", x => Ops.LogSoftmax(x) }, { "Sum", x => Ops.Sum(x) }, { "Mean", x => Ops.Mean(x) },
        { "Max", x => Ops.Max(x) }, { "Min", x => Ops.Min(x) }, { "ArgMax", x => Ops.ArgMax(x) },
        { "LogicalNot", Ops.LogicalNot }, { "Where", x => Ops.Where(x, x, x) }, { "MatMul", x => Ops.MatMul(x, x) },
        { "Reshape", x => Ops.Reshape(x, 1) }, { "Transpose", x => Ops.Transpose(x) }, { "Cast", x => Ops.Cast(x, DType.Int32) },
        { "Take", x => Ops.Take(x, [0]) }, { "Concat", x => Ops.Concat([Tensor.Zeros(1), x]) },
    };

    [Theory]
    [MemberData(nameof(NullInputs))]
    public void NullTensor_GivesArgumentNullException_NotNullReference(string op, Func<Tensor, object> f)
    {
        _ = op;
        Assert.ThrowsAny<ArgumentException>(() => f(null!));
    }

    [Fact]
    public void TensorDotRejectsARepeatedAxis()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.TensorDot(Tensor.Ones(2, 2), Tensor.Ones(2, 2), [0, 0], [0, 1]));
        Assert.StartsWith("TensorDot: an axis appears twice", error.Message);
    }
}
