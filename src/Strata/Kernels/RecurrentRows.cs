using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// What the sequence kernels (<see cref="LstmKernel"/>, <see cref="GruKernel"/>, <see cref="SimpleRnnKernel"/>)
/// share: each sample's recurrence is its own, so the batch's rows are split between the threads, each running
/// the whole sequence for its rows; the sigmoid's gradient from its activated value; and masking: a mask
/// (steps, batch, in the inputs' order, 1 to run a step, 0 to skip it) makes a sample's skipped steps pass
/// its state on unchanged, as Keras's masked recurrence.
/// </summary>
internal static unsafe class RecurrentRows
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

    /// <summary>Whether the mask (null: none) skips step <paramref name="t"/> (in the inputs' order) of sample <paramref name="row"/>.</summary>
    public static bool Skips(float* mask, int t, int batch, int row) => mask is not null && mask[((long)t * batch) + row] == 0f;

    /// <summary>A skipped step's h: the previous step's (at <paramref name="offset"/> in step i − 1 of h), or the zero state at the first step.</summary>
    public static void Carry(float* h, int i, int stepCells, int offset, Span<float> hRow)
    {
        if (i == 0) hRow.Clear();
        else new ReadOnlySpan<float>(h + ((long)(i - 1) * stepCells) + offset, hRow.Length).CopyTo(hRow);
    }

    /// <summary>
    /// After a step's dh_prev = dz·Uᵀ for rows [r0, r0 + rows): the rows the mask skipped at step t take their
    /// carried dh (kept in <paramref name="carried"/>) instead, since their h went to the step before unchanged.
    /// </summary>
    public static void Restore(float* mask, int t, int batch, int r0, float[] carried, float[] dhNext, int units)
    {
        if (mask is null) return;
        for (int r = 0; r * units < dhNext.Length; r++)
        {
            if (Skips(mask, t, batch, r0 + r)) carried.AsSpan(r * units, units).CopyTo(dhNext.AsSpan(r * units, units));
        }
    }
}
