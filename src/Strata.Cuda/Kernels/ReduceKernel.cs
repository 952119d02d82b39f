using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>How a reduction's input is laid out around its axis: (outer, length, inner), the axis in the middle.</summary>
internal readonly record struct AxisShape(int Outer, int Length, int Inner)
{
    public static AxisShape Of(Shape shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Rank; d++) inner *= shape[d];
        return new AxisShape(outer, shape[axis], inner);
    }
}

/// <summary>
/// The sum, maximum or minimum over one axis, or the position of the maximum or minimum, one thread per output element,
/// in the axis's order: a matrix's row sums (inner 1), column sums (outer 1, a bias's gradient), or any axis between.
/// </summary>
internal static class ReduceKernel
{
    public const int Sum = 0, Max = 1, Min = 2, ArgMax = 3, ArgMin = 4;

    public static void Run(Index1D at, ArrayView<float> x, ArrayView<float> y, int length, int inner, int kind)
    {
        int o = at / inner, i = at % inner;
        long start = ((long)o * length * inner) + i;
        if (kind >= ArgMax)
        {
            y[at] = Best(x, start, length, inner, kind == ArgMax);
            return;
        }
        float value = kind == Sum ? 0f : kind == Max ? float.NegativeInfinity : float.PositiveInfinity;
        for (int p = 0; p < length; p++)
        {
            float v = x[start + ((long)p * inner)];
            value = kind == Sum ? value + v : kind == Max ? MathF.Max(value, v) : MathF.Min(value, v);
        }
        y[at] = value;
    }

    /// <summary>The position of the largest (smallest) value: the first of ties, the first NaN if any, as the CPU's ArgMax.</summary>
    private static float Best(ArrayView<float> x, long start, int length, int inner, bool max)
    {
        int best = 0;
        float bestValue = x[start];
        for (int p = 1; p < length && !float.IsNaN(bestValue); p++)
        {
            float v = x[start + ((long)p * inner)];
            if (float.IsNaN(v) || (max ? v > bestValue : v < bestValue))
            {
                best = p;
                bestValue = v;
            }
        }
        return best;
    }
}
