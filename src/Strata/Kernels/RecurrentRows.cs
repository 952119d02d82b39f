using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// What the sequence kernels (<see cref="LstmKernel"/>, <see cref="GruKernel"/>, <see cref="SimpleRnnKernel"/>)
/// share: each sample's recurrence is its own, so the batch's rows are split between the threads, each running
/// the whole sequence for its rows; the sigmoid's gradient from its activated value; and masking: a mask
/// (steps, batch, in the inputs' order, 1 to run a step, 0 to skip it) makes a sample's skipped steps pass
/// its state on unchanged, as Keras's masked recurrence; and the recurrent product h·U, with recurrent
/// dropout (Keras's implementation 1) a product per gate of h scaled by that gate's mask.
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

    /// <summary>
    /// z (rows of <paramref name="ldz"/>) += h·U for rows [r0, r0 + rows) of h (rows × units) and the first
    /// <paramref name="gates"/> blocks of U (units, width); with a recurrent dropout mask r (batch, width), each
    /// gate's block gets (h ∘ r_g)·U_g instead.
    /// </summary>
    public static void AddProduct(float* h, float* dropMask, int r0, int rows, int units, int gates, int width, float* u, float* z, int ldz, float[] scratch)
    {
        if (dropMask is null)
        {
            Gemm.Multiply(false, false, rows, gates * units, units, h, units, u, width, z, ldz, accumulate: true, threads: 1);
            return;
        }
        fixed (float* s = scratch)
        {
            for (int g = 0; g < gates; g++)
            {
                for (int r = 0; r < rows; r++)
                {
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>(h + (r * units), units), new ReadOnlySpan<float>(dropMask + ((long)(r0 + r) * width) + (g * units), units), new Span<float>(s + (r * units), units));
                }
                Gemm.Multiply(false, false, rows, units, units, s, units, u + (g * units), width, z + (g * units), ldz, accumulate: true, threads: 1);
            }
        }
    }

    /// <summary>
    /// The gradient of <see cref="AddProduct"/> with respect to h: dh (rows × units) = (or += with
    /// <paramref name="accumulate"/>) dz·Uᵀ, or Σ_g (dz_g·U_gᵀ) ∘ r_g with the recurrent dropout mask.
    /// </summary>
    public static void ProductGradient(float* dz, int ldz, float* dropMask, int r0, int rows, int units, int gates, int width, float* u, float* dh, bool accumulate, float[] scratch)
    {
        if (dropMask is null)
        {
            Gemm.Multiply(false, true, rows, units, gates * units, dz, ldz, u, width, dh, units, accumulate, threads: 1);
            return;
        }
        fixed (float* s = scratch)
        {
            for (int g = 0; g < gates; g++)
            {
                Gemm.Multiply(false, true, rows, units, units, dz + (g * units), ldz, u + (g * units), width, s, units, accumulate: false, threads: 1);
                for (int r = 0; r < rows; r++)
                {
                    var row = new Span<float>(dh + (r * units), units);
                    var scaled = new Span<float>(s + (r * units), units);
                    TensorPrimitives.Multiply(scaled, new ReadOnlySpan<float>(dropMask + ((long)(r0 + r) * width) + (g * units), units), scaled);
                    if (accumulate || g > 0) TensorPrimitives.Add(row, scaled, row);
                    else scaled.CopyTo(row);
                }
            }
        }
    }
}
