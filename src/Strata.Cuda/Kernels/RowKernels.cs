using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// Ops along the last axis of a (rows, columns) matrix, one thread per row: softmax and log-softmax (the
/// maximum subtracted first, as the CPU does), a row's sum or maximum, the index of its maximum.
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

    /// <summary>The row's sum (max = 0) or maximum (max = 1).</summary>
    public static void Reduce(Index1D row, ArrayView<float> x, ArrayView<float> y, int columns, int max)
    {
        long start = (long)row.X * columns;
        float value = max != 0 ? float.NegativeInfinity : 0f;
        for (int j = 0; j < columns; j++) value = max != 0 ? MathF.Max(value, x[start + j]) : value + x[start + j];
        y[row.X] = value;
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

    /// <summary>The sum over the rows of each column (a bias's gradient: Sum over axis 0).</summary>
    public static void ColumnSum(Index1D column, ArrayView<float> x, ArrayView<float> y, int rows, int columns)
    {
        float sum = 0f;
        for (int i = 0; i < rows; i++) sum += x[((long)i * columns) + column.X];
        y[column.X] = sum;
    }
}
