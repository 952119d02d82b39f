using ILGPU;
using ILGPU.Runtime;
using Strata.Cuda.Kernels;

namespace Strata.Cuda.Tests;

public class MatrixKernelTests
{
    private static Tensor Transposed(Tensor m) => Ops.Transpose(m);

    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(true, true, false, false)]
    [InlineData(false, false, true, false)]
    [InlineData(false, false, true, true)]
    [InlineData(true, false, true, true)]
    public void A_product_with_its_epilogue_is_what_MatMul_bias_and_ReLU_compute(bool transposeA, bool transposeB, bool bias, bool relu)
    {
        const int m = 37, n = 29, k = 53; // odd sizes: no tile divides them
        Tensor a = Simulator.Random(10, m, k), b = Simulator.Random(11, k, n), c = Simulator.Random(12, n);
        Tensor expected = Ops.MatMul(a, b);
        if (bias) expected = Ops.Add(expected, c);
        if (relu) expected = Ops.Relu(expected);

        lock (Simulator.Gate)
        {
            using var da = Simulator.Upload(transposeA ? Transposed(a) : a);
            using var db = Simulator.Upload(transposeB ? Transposed(b) : b);
            using var dc = Simulator.Upload(c);
            using var result = Simulator.Zeros(m * n);
            Simulator.Kernels.MatMul(new GemmShape(m, n, k, transposeA, transposeB, bias, relu), da.View, db.View, dc.View, result.View);
            Simulator.AssertClose(expected, Simulator.Download(result), 1e-4f);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_and_log_softmax_by_rows_are_the_CPU_ops(bool log)
    {
        const int rows = 33, columns = 10;
        Tensor x = Simulator.Random(13, rows, columns) * 5f;
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var y = Simulator.Zeros(rows * columns);
            Simulator.Kernels.Softmax(dx.View, y.View, rows, columns, log);
            Simulator.AssertClose(log ? Ops.LogSoftmax(x) : Ops.Softmax(x), Simulator.Download(y));
        }
    }

    [Theory]
    [InlineData(0, "Sum")]
    [InlineData(1, "Sum")]
    [InlineData(2, "Sum")]
    [InlineData(0, "Max")]
    [InlineData(1, "Min")]
    [InlineData(2, "Max")]
    public void A_reduction_over_any_axis_is_the_CPU_op(int axis, string kind)
    {
        Tensor x = Simulator.Random(14, 7, 13, 5); // odd sizes on every axis
        Tensor expected = kind switch { "Sum" => Ops.Sum(x, axis), "Max" => Ops.Max(x, axis), _ => Ops.Min(x, axis) };
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var y = Simulator.Zeros(expected.Size);
            Simulator.Kernels.Reduce(dx.View, y.View, AxisShape.Of(x.Shape, axis), Enum.Parse<Strata.Kernels.ReduceKind>(kind));
            Simulator.AssertClose(expected, Simulator.Download(y));
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void The_index_of_the_extreme_over_any_axis_is_ArgMax_or_ArgMin_with_ties_and_NaN_as_the_CPU(int axis, bool max)
    {
        float[] values = Simulator.Random(16, 7, 9, 5).AsType(DType.Int32).AsType(DType.Float32).ToArray<float>(); // ties
        values[17] = float.NaN; // the first NaN wins, as on the CPU
        Tensor x = Tensor.FromArray(values, 7, 9, 5);
        Tensor expected = (max ? Ops.ArgMax(x, axis) : Ops.ArgMin(x, axis)).AsType(DType.Float32);
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var y = Simulator.Zeros(expected.Size);
            Simulator.Kernels.Reduce(dx.View, y.View, AxisShape.Of(x.Shape, axis), max ? Strata.Kernels.ReduceKind.Max : Strata.Kernels.ReduceKind.Min, index: true);
            Assert.Equal(expected.ToArray<float>(), Simulator.Download(y));
        }
    }

    [Fact]
    public void ArgMax_by_rows_takes_the_first_maximum_as_the_CPU_op()
    {
        const int rows = 23, columns = 10;
        Tensor x = Simulator.Random(15, rows, columns).AsType(DType.Int32).AsType(DType.Float32); // few distinct values: ties
        lock (Simulator.Gate)
        {
            using var dx = Simulator.Upload(x);
            using var y = Simulator.Accelerator.Allocate1D<int>(rows);
            Simulator.Kernels.ArgMaxRows(dx.View, y.View, rows, columns);
            Simulator.Accelerator.Synchronize();
            Assert.Equal(Ops.ArgMax(x, axis: 1).AsType(DType.Int32).ToArray<int>(), y.GetAsArray1D());
        }
    }
}
