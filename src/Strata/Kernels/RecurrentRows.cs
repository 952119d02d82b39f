using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// What the sequence kernels (<see cref="LstmKernel"/>, <see cref="GruKernel"/>, <see cref="SimpleRnnKernel"/>)
/// share: each sample's recurrence is its own, so the batch's rows are split between the threads, each running
/// the whole sequence for its rows; and the sigmoid's gradient from its activated value.
/// </summary>
internal static class RecurrentRows
{
    /// <summary>Rows below which a second thread costs more than it saves.</summary>
    private const int MinRowsPerThread = 8;

    /// <summary>Calls <paramref name="rows"/>(first, end) for runs of the batch's rows, one per thread.</summary>
    public static void For(int batch, Action<int, int> rows) =>
        ParallelElementwise.ForItems(batch, Math.Max(1, Math.Min(Engine.Threads, batch / MinRowsPerThread)), rows);

    /// <summary>d = upstream · s·(1 − s) for an activated sigmoid s.</summary>
    public static void SigmoidGradient(ReadOnlySpan<float> upstream, ReadOnlySpan<float> s, Span<float> d)
    {
        TensorPrimitives.Subtract(1f, s, d);
        TensorPrimitives.Multiply(d, s, d);
        TensorPrimitives.Multiply(d, upstream, d);
    }
}
