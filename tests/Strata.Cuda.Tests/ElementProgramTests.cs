using Strata.Cuda.Kernels;

namespace Strata.Cuda.Tests;

public class ElementProgramTests
{
    private const int Length = 1003; // odd: no launch divides it evenly

    private static float[] Run(IReadOnlyList<(ElementOp, int[])> steps, IReadOnlyList<(int Inner, int Size)> layouts, Tensor[] inputs, int length)
    {
        lock (Simulator.Gate)
        {
            using var chain = new ElementChain(Simulator.Accelerator, steps, layouts);
            var buffers = inputs.Select(Simulator.Upload).ToArray();
            using var output = Simulator.Zeros(length);
            Simulator.Kernels.Elementwise(chain, buffers.Select(b => b.View.BaseView).ToArray(), output.View);
            float[] result = Simulator.Download(output);
            foreach (var b in buffers) b.Dispose();
            return result;
        }
    }

    public static TheoryData<string> UnaryOps() => new(
        nameof(ElementOp.Negative), nameof(ElementOp.Exp), nameof(ElementOp.Log), nameof(ElementOp.Sqrt), nameof(ElementOp.Square), nameof(ElementOp.Abs), nameof(ElementOp.Relu),
        nameof(ElementOp.Sigmoid), nameof(ElementOp.Tanh), nameof(ElementOp.Sign), nameof(ElementOp.LogicalNot));

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void Each_unary_op_computes_what_the_CPU_op_computes(string name)
    {
        var op = Enum.Parse<ElementOp>(name);
        Tensor x = Simulator.Random(1, Length);
        if (op == ElementOp.LogicalNot) x = Ops.Greater(x, Tensor.FromArray(new[] { 0f }, 1)).AsType(DType.Float32);
        if (op == ElementOp.Truncate) x *= 10f;
        Tensor expected = op switch
        {
            ElementOp.Negative => Ops.Negative(x),
            ElementOp.Exp => Ops.Exp(x),
            ElementOp.Log => Ops.Log(x),
            ElementOp.Sqrt => Ops.Sqrt(x),
            ElementOp.Square => Ops.Square(x),
            ElementOp.Abs => Ops.Abs(x),
            ElementOp.Relu => Ops.Relu(x),
            ElementOp.Sigmoid => Ops.Sigmoid(x),
            ElementOp.Tanh => Ops.Tanh(x),
            ElementOp.Sign => Ops.Sign(x),
            ElementOp.Truncate => (x * 10f).AsType(DType.Int64).AsType(DType.Float32), // a cast to integers truncates toward zero
            _ => Ops.LogicalNot(x.AsType(DType.Bool)),
        };
        Simulator.AssertClose(expected, Run([(op, [-1])], [(1, Length)], [x], Length));
    }

    public static TheoryData<string> BinaryOps() => new(
        nameof(ElementOp.Add), nameof(ElementOp.Subtract), nameof(ElementOp.Multiply), nameof(ElementOp.Divide), nameof(ElementOp.Maximum), nameof(ElementOp.Minimum), nameof(ElementOp.Power),
        nameof(ElementOp.Equal), nameof(ElementOp.NotEqual), nameof(ElementOp.Greater), nameof(ElementOp.GreaterEqual), nameof(ElementOp.Less), nameof(ElementOp.LessEqual),
        nameof(ElementOp.LogicalAnd), nameof(ElementOp.LogicalOr));

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Each_binary_op_computes_what_the_CPU_op_computes(string name)
    {
        var op = Enum.Parse<ElementOp>(name);
        Tensor x = Simulator.Random(2, Length), y = Simulator.Random(3, Length);
        if (op == ElementOp.Power) x = Ops.Abs(x); // a negative base to a fractional power is NaN on both sides; keep the values real
        // Some equal pairs, so that Equal and the non-strict comparisons see ties.
        if (op is ElementOp.Equal or ElementOp.NotEqual or ElementOp.GreaterEqual or ElementOp.LessEqual) y = Ops.Where(Ops.Greater(x, Tensor.FromArray(new[] { 0.5f }, 1)), x, y);
        if (op is ElementOp.LogicalAnd or ElementOp.LogicalOr)
        {
            x = Ops.Greater(x, Tensor.FromArray(new[] { 0f }, 1)).AsType(DType.Float32);
            y = Ops.Greater(y, Tensor.FromArray(new[] { 0f }, 1)).AsType(DType.Float32);
        }
        Tensor expected = op switch
        {
            ElementOp.Add => Ops.Add(x, y),
            ElementOp.Subtract => Ops.Subtract(x, y),
            ElementOp.Multiply => Ops.Multiply(x, y),
            ElementOp.Divide => Ops.Divide(x, y),
            ElementOp.Maximum => Ops.Maximum(x, y),
            ElementOp.Minimum => Ops.Minimum(x, y),
            ElementOp.Power => Ops.Pow(x, y),
            ElementOp.Equal => Ops.Equal(x, y),
            ElementOp.NotEqual => Ops.NotEqual(x, y),
            ElementOp.Greater => Ops.Greater(x, y),
            ElementOp.GreaterEqual => Ops.GreaterEqual(x, y),
            ElementOp.Less => Ops.Less(x, y),
            ElementOp.LessEqual => Ops.LessEqual(x, y),
            ElementOp.LogicalAnd => Ops.LogicalAnd(x.AsType(DType.Bool), y.AsType(DType.Bool)),
            _ => Ops.LogicalOr(x.AsType(DType.Bool), y.AsType(DType.Bool)),
        };
        Simulator.AssertClose(expected, Run([(op, [-1, -2])], [(1, Length), (1, Length)], [x, y], Length));
    }

    [Fact]
    public void A_chain_reads_a_bias_row_and_a_per_row_value_broadcast_as_the_CPU_does()
    {
        // relu(x · row + column) where row (29,) repeats down the 37 rows and column (37, 1) repeats along each row;
        // then Where(x > 0, that, -x): a chain of four steps over three inputs.
        const int rows = 37, columns = 29;
        Tensor x = Simulator.Random(4, rows, columns), row = Simulator.Random(5, columns), column = Simulator.Random(6, rows, 1);
        Tensor relu = Ops.Relu(Ops.Add(Ops.Multiply(x, row), column));
        Tensor expected = Ops.Where(Ops.Greater(x, Tensor.FromArray(new[] { 0f }, 1)), relu, Ops.Negative(x));

        float[] actual = Run(
            [(ElementOp.Multiply, [-1, -2]), (ElementOp.Add, [0, -3]), (ElementOp.Relu, [1]), (ElementOp.Negative, [-1]),
             (ElementOp.Greater, [-1, -4]), (ElementOp.Where, [4, 2, 3])],
            [(1, rows * columns), (1, columns), (columns, rows), (1, 1)],
            [x, row, column, Tensor.FromArray(new[] { 0f }, 1)], rows * columns);
        Simulator.AssertClose(expected, actual);
    }

    [Fact]
    public void A_chain_that_reads_a_later_step_or_a_missing_input_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new ElementChain(Simulator.Accelerator, [(ElementOp.Add, [0, -1])], [(1, 1)]));
        Assert.Contains("step 0 (Add) reads operand 0", error.Message);
        error = Assert.Throws<ArgumentException>(() => new ElementChain(Simulator.Accelerator, [(ElementOp.Exp, [-3])], [(1, 1)]));
        Assert.Contains("neither an earlier step nor one of the 1 inputs", error.Message);
        error = Assert.Throws<ArgumentException>(() => new ElementChain(Simulator.Accelerator, [(ElementOp.Where, [-1, -1])], [(1, 1)]));
        Assert.Contains("takes 3 operand(s), got 2", error.Message);
    }
}
