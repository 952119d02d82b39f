using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// Ops along the last axis of a (rows, columns) matrix, one thread per row: softmax and log-softmax (the
/// maximum subtracted first, as the CPU does) and the index of a row's maximum.
/// </summary>
internal static class RowKernels
{
    public static void Softmax(Index1D row, ArrayView<float> x, ArrayView<float> y, int columns, int log)
    {
        long start = (long)row.X * columns;
        float max = float.NegativeInfinity;
        for (int j = 0; j < columns; j++) max = MathF.Max(max, x[start + j]);
        float sum = 0f;
        for (int j = 0; j < columns; j++) sum += MathF.Exp(x[start + j] - max);
        if (log != 0)
        {
            float logSum = MathF.Log(sum);
            for (int j = 0; j < columns; j++) y[start + j] = x[start + j] - max - logSum;
        }
        else
        {
            for (int j = 0; j < columns; j++) y[start + j] = MathF.Exp(x[start + j] - max) / sum;
        }
    }

    /// <summary>The index of the row's first maximum, as NumPy's argmax.</summary>
    public static void ArgMax(Index1D row, ArrayView<float> x, ArrayView<int> y, int columns)
    {
        long start = (long)row.X * columns;
        int best = 0;
        for (int j = 1; j < columns; j++)
        {
            if (x[start + j] > x[start + best]) best = j;
        }
        y[row.X] = best;
    }
}
