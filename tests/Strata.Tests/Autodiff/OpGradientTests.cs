namespace Strata.Tests.Autodiff;

/// <summary>Every differentiable op against finite differences, including broadcasting and rank 0.</summary>
public class OpGradientTests
{
    private static int _seed = 100;

    /// <summary>Random values in [-2, 2].</summary>
    private static Tensor R(params int[] shape) => Tensor.Uniform(shape, -2f, 2f, seed: _seed++);

    /// <summary>Random values in [0.5, 2]: inside the domain of log, sqrt and division.</summary>
    private static Tensor Pos(params int[] shape) => Tensor.Uniform(shape, 0.5f, 2f, seed: _seed++);

    /// <summary>Random values at least 0.2 away from zero, where kinks (relu, abs) are.</summary>
    private static Tensor AwayFromZero(params int[] shape)
    {
        float[] v = R(shape).ToArray<float>().Select(x => x >= 0 ? x + 0.2f : x - 0.2f).ToArray();
        return Tensor.FromArray(v, shape);
    }

    public static TheoryData<string, int[], int[]> BroadcastCases => new()
    {
        { "same", [2, 3], [2, 3] },
        { "row", [4, 1, 3], [2, 3] },
        { "column", [3, 1], [1, 4] },
        { "scalar right", [2, 3], [] },
        { "scalar left", [], [2, 3] },
        { "rank 0", [], [] },
    };

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Add(string name, int[] a, int[] b)
    {
        _ = name;
        GradientCheck.Check(x => x[0] + x[1], R(a), R(b));
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Subtract(string name, int[] a, int[] b)
    {
        _ = name;
        GradientCheck.Check(x => x[0] - x[1], R(a), R(b));
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Multiply(string name, int[] a, int[] b)
    {
        _ = name;
        GradientCheck.Check(x => x[0] * x[1], R(a), R(b));
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Divide(string name, int[] a, int[] b)
    {
        _ = name;
        GradientCheck.Check(x => x[0] / x[1], R(a), Pos(b));
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Pow(string name, int[] a, int[] b)
    {
        _ = name;
        GradientCheck.Check(x => Ops.Pow(x[0], x[1]), Pos(a), R(b));
    }

    [Fact]
    public void PowWithScalarExponent() => GradientCheck.Check(x => Ops.Pow(x[0], 3f), R(2, 3));

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Maximum(string name, int[] a, int[] b)
    {
        _ = name;
        // Shift one operand so that no pair ties within the finite-difference step.
        GradientCheck.Check(x => Ops.Maximum(x[0], x[1]), AwayFromZero(a), Tensor.Zeros(b) + 0.05f);
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Minimum(string name, int[] a, int[] b)
    {
        _ = name;
        GradientCheck.Check(x => Ops.Minimum(x[0], x[1]), AwayFromZero(a), Tensor.Zeros(b) - 0.05f);
    }

    [Fact] public void Negative() => GradientCheck.Check(x => -x[0], R(2, 3));

    [Fact] public void Exp() => GradientCheck.Check(x => Ops.Exp(x[0]), R(2, 3));

    [Fact] public void Log() => GradientCheck.Check(x => Ops.Log(x[0]), Pos(2, 3));

    [Fact] public void Sqrt() => GradientCheck.Check(x => Ops.Sqrt(x[0]), Pos(2, 3));

    [Fact] public void Square() => GradientCheck.Check(x => Ops.Square(x[0]), R(2, 3));

    [Fact] public void Abs() => GradientCheck.Check(x => Ops.Abs(x[0]), AwayFromZero(2, 3));

    [Fact] public void Clip() => GradientCheck.Check(x => Ops.Clip(x[0], -1f, 1f), Tensor.FromArray(new[] { -1.7f, -0.5f, 0.3f, 0.9f, 1.4f, 2.2f }, 2, 3));

    [Fact] public void Relu() => GradientCheck.Check(x => Ops.Relu(x[0]), AwayFromZero(3, 4));

    [Fact] public void Sigmoid() => GradientCheck.Check(x => Ops.Sigmoid(x[0]), R(3, 4));

    [Fact] public void Tanh() => GradientCheck.Check(x => Ops.Tanh(x[0]), R(3, 4));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Softmax(int axis) => GradientCheck.Check(x => Ops.Softmax(x[0], axis), R(2, 3, 4));

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void LogSoftmax(int axis) => GradientCheck.Check(x => Ops.LogSoftmax(x[0], axis), R(2, 3, 4));

    [Fact]
    public void Where() =>
        GradientCheck.Check(x => Ops.Where(x[0] > 0f, x[0] * 2f, x[1]), AwayFromZero(3, 4), R(4));

    [Theory]
    [InlineData(null, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void Sum(int? axis, bool keepDims) => GradientCheck.Check(x => Ops.Sum(x[0], axis, keepDims), R(2, 3, 4));

    [Fact] public void SumOverSeveralAxes() => GradientCheck.Check(x => Ops.Sum(x[0], [0, 2]), R(2, 3, 4));

    [Fact] public void SumOfScalar() => GradientCheck.Check(x => Ops.Sum(x[0]), R());

    [Theory]
    [InlineData(null, false)]
    [InlineData(1, true)]
    public void Mean(int? axis, bool keepDims) => GradientCheck.Check(x => Ops.Mean(x[0], axis, keepDims), R(2, 3, 4));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(2)]
    public void Max(int? axis) => GradientCheck.Check(x => Ops.Max(x[0], axis), R(2, 3, 4));

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void Min(int? axis) => GradientCheck.Check(x => Ops.Min(x[0], axis, keepDims: true), R(2, 3, 4));

    [Fact]
    public void MaxSharesTheGradientOfTies()
    {
        var x = Tensor.FromArray(new[] { 1f, 3f, 3f, 2f });
        using var tape = new GradientTape();
        tape.Watch(x);
        Tensor g = tape.Gradient(Ops.Max(x), x);
        Assert.Equal(new[] { 0f, 0.5f, 0.5f, 0f }, g.ToArray<float>());
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 4, 5 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4, 5 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 4, 5 })]
    [InlineData(new[] { 2, 1, 3, 4 }, new[] { 5, 4, 2 })]
    [InlineData(new[] { 4 }, new[] { 4, 5 })]
    [InlineData(new[] { 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 4 }, new[] { 4 })]
    public void MatMul(int[] a, int[] b) => GradientCheck.Check(x => Ops.MatMul(x[0], x[1]), R(a), R(b));

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulOnTransposedOperands(bool transA, bool transB) =>
        GradientCheck.Check(x => Ops.MatMul(x[0], x[1], transA, transB), R(transA ? [4, 3] : [3, 4]), R(transB ? [5, 4] : [4, 5]));

    [Fact] public void Dot() => GradientCheck.Check(x => Ops.Dot(x[0], x[1]), R(2, 3, 4), R(3, 4, 2));

    [Fact] public void TensorDot() => GradientCheck.Check(x => Ops.TensorDot(x[0], x[1], [1, 2], [0, 1]), R(2, 3, 4), R(3, 4, 2));

    [Fact] public void Reshape() => GradientCheck.Check(x => x[0].Reshape(4, -1) * x[1], R(2, 3, 2), R(3));

    [Fact] public void Transpose() => GradientCheck.Check(x => Ops.Transpose(x[0], [2, 0, 1]) * x[1], R(2, 3, 4), R(3));

    [Fact] public void ExpandAndSqueeze() => GradientCheck.Check(x => Ops.Squeeze(Ops.ExpandDims(x[0], 1) * x[1], 1), R(2, 3), R(1, 3));

    [Fact] public void BroadcastTo() => GradientCheck.Check(x => Ops.BroadcastTo(x[0], 2, 4, 3), R(4, 1));

    [Fact] public void SliceFirstAxis() => GradientCheck.Check(x => x[0][1..3], R(4, 3));

    [Fact] public void SliceFromEnd() => GradientCheck.Check(x => x[0][^2..], R(4, 3));

    [Fact] public void SliceInnerAxes() => GradientCheck.Check(x => x[0][.., 1..3], R(2, 4, 3));

    [Fact] public void IndexFirstAxis() => GradientCheck.Check(x => x[0][^1] * x[0][0], R(3, 2));

    [Fact] public void Take() => GradientCheck.Check(x => Ops.Take(x[0], [2, 0, 2, -1]), R(4, 3));

    [Fact] public void TakeInnerAxis() => GradientCheck.Check(x => Ops.Take(x[0], Tensor.FromArray(new long[] { 1, 1, 0 }), axis: 1), R(2, 3, 2));

    [Fact] public void Concat() => GradientCheck.Check(x => Ops.Concat([x[0], x[1]], axis: 1), R(2, 3), R(2, 2));

    [Fact] public void Stack() => GradientCheck.Check(x => Ops.Stack([x[0], x[1]], axis: 1), R(2, 3), R(2, 3));

    [Fact]
    public void AComposition() =>
        GradientCheck.Check(x => Ops.Softmax(Ops.Relu(Ops.MatMul(x[0], x[1]) + x[2])), AwayFromZero(4, 5), R(5, 3), R(3));
}
