using System.Numerics.Tensors;
using Strata.Compilation;

namespace Strata.Kernels;

/// <summary>Softmax and log-softmax along one axis, shifted by the maximum so exp never overflows.</summary>
internal static class SoftmaxKernel
{
    /// <summary>The kernel of softmax (or log-softmax) along <paramref name="axis"/>.</summary>
    public static Kernel For(int axis, int rank, bool log) =>
        new(log ? "LogSoftmax" : "Softmax", (x, y) => Softmax(x[0], y, axis, log), $"axis={axis}")
        {
            Row = rank == 2 && axis == 1 ? new RowForm.Softmax(log) : null, // a matrix's rows: fusable with the ops around
        };

    private static void Softmax(Tensor x, Tensor y, int axis, bool log)
    {
        AxisLayout l = AxisLayout.Of(x.Shape, axis);
        ReadOnlySpan<float> src = x.Data<float>();
        Span<float> dst = y.Span<float>();
        if (l.Length == 0) return;
        float[]? column = l.Inner == 1 ? null : new float[l.Length];
        for (int o = 0; o < l.Outer; o++)
        {
            for (int j = 0; j < l.Inner; j++)
            {
                int start = o * l.Length * l.Inner + j;
                if (column is null)
                {
                    Row(src.Slice(start, l.Length), dst.Slice(start, l.Length), log);
                    continue;
                }
                for (int k = 0; k < l.Length; k++) column[k] = src[start + k * l.Inner];
                Row(column, column, log);
                for (int k = 0; k < l.Length; k++) dst[start + k * l.Inner] = column[k];
            }
        }
    }

    internal static void Row(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        float max = TensorPrimitives.Max(x);
        if (float.IsNegativeInfinity(max)) max = 0; // an all -inf row: avoid inf - inf
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            float logSum = MathF.Log(SumExp(y));
            TensorPrimitives.Subtract(y, logSum, y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
        }
    }

    private static float SumExp(ReadOnlySpan<float> shifted)
    {
        float sum = 0;
        foreach (float v in shifted) sum += MathF.Exp(v);
        return sum;
    }
}
