using Strata.Cuda.Kernels;

namespace Strata.Cuda.Tests;

public class RowProgramTests
{
    [Fact]
    public void A_row_chain_reads_full_shared_per_row_and_single_inputs_as_the_CPU_ops_compute()
    {
        // out[r, j] = (log_softmax(x)[r, j] · w[j] - max_j(x[r, j]) + c) · p[r]: every step kind and every input kind.
        const int rows = 23, columns = 11;
        Tensor x = Simulator.Random(40, rows, columns) * 3f, w = Simulator.Random(41, columns), c = Tensor.FromArray(new[] { 0.25f }, 1), p = Simulator.Random(42, rows, 1);
        Tensor expected = Ops.Multiply(Ops.Add(Ops.Subtract(Ops.Multiply(Ops.LogSoftmax(x), w), Ops.Max(x, axis: 1, keepDims: true)), c), p);

        (int, int, int[], int, string)[] steps =
        [
            (RowProgram.Softmax, 1, [-1], RowProgram.Full, "LogSoftmax"),
            (RowProgram.Elementwise, (int)ElementOp.Multiply, [0, -2], RowProgram.Full, "Multiply"),
            (RowProgram.Reduce, 1, [-1], RowProgram.PerRow, "Max"),
            (RowProgram.Elementwise, (int)ElementOp.Subtract, [1, 2], RowProgram.Full, "Subtract"),
            (RowProgram.Elementwise, (int)ElementOp.Add, [3, -3], RowProgram.Full, "Add"),
            (RowProgram.Elementwise, (int)ElementOp.Multiply, [4, -4], RowProgram.Full, "Multiply"),
        ];
        lock (Simulator.Gate)
        {
            using var chain = new RowChain(Simulator.Accelerator, steps, [RowProgram.Full, RowProgram.Shared, RowProgram.Single, RowProgram.PerRow], rows, columns);
            var buffers = new[] { x, w, c, p }.Select(Simulator.Upload).ToArray();
            using var output = Simulator.Zeros(rows * columns);
            Simulator.Kernels.Rows(chain, buffers.Select(b => b.View.BaseView).ToArray(), output.View);
            Simulator.AssertClose(expected, Simulator.Download(output));
            foreach (var b in buffers) b.Dispose();
        }
    }

    [Fact]
    public void A_row_chain_ending_in_one_value_per_row_writes_one_per_row()
    {
        // The crossentropy's per-row loss: -sum_j(log(p[r, j]) · y[r, j]).
        const int rows = 17, columns = 10;
        Tensor probabilities = Ops.Softmax(Simulator.Random(43, rows, columns)), targets = Ops.Softmax(Simulator.Random(44, rows, columns) * 4f);
        Tensor expected = Ops.Negative(Ops.Sum(Ops.Multiply(Ops.Log(probabilities), targets), axis: 1));
        (int, int, int[], int, string)[] steps =
        [
            (RowProgram.Elementwise, (int)ElementOp.Log, [-1], RowProgram.Full, "Log"),
            (RowProgram.Elementwise, (int)ElementOp.Multiply, [0, -2], RowProgram.Full, "Multiply"),
            (RowProgram.Reduce, 0, [1], RowProgram.PerRow, "Sum"),
            (RowProgram.Elementwise, (int)ElementOp.Negative, [2], RowProgram.PerRow, "Negative"),
        ];
        lock (Simulator.Gate)
        {
            using var chain = new RowChain(Simulator.Accelerator, steps, [RowProgram.Full, RowProgram.Full], rows, columns);
            using var p = Simulator.Upload(probabilities);
            using var y = Simulator.Upload(targets);
            using var output = Simulator.Zeros(rows);
            Simulator.Kernels.Rows(chain, [p.View.BaseView, y.View.BaseView], output.View);
            Simulator.AssertClose(expected, Simulator.Download(output));
        }
    }
}
