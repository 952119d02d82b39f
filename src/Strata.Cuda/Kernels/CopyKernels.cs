using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// Copies between layouts: a tensor placed inside a larger one of zeros (padding, and a slice's gradient), and a batch's
/// rows gathered from the data held on the device.
/// </summary>
internal static class CopyKernels
{
    /// <summary>
    /// y[start + Σ coordinate(d) · stride(d)] = x[at], one thread per element of x: <paramref name="layout"/> holds x's rank,
    /// its dimensions, y's strides, then the flat start. The rest of y is zeroed before.
    /// </summary>
    public static void Place(Index1D at, ArrayView<float> x, ArrayView<float> y, ArrayView<int> layout)
    {
        int rank = layout[0];
        long rest = at, to = layout[1 + (2 * rank)];
        for (int d = rank - 1; d >= 0; d--)
        {
            int dim = layout[1 + d];
            to += (rest % dim) * layout[1 + rank + d];
            rest /= dim;
        }
        y[to] = x[at];
    }

    /// <summary>The layout <see cref="Place"/> reads: x's rank and dimensions, y's strides, and where x's first element goes.</summary>
    public static int[] PlaceLayout(Shape x, Shape y, int[] begin)
    {
        int[] strides = y.Strides();
        int start = 0;
        for (int d = 0; d < begin.Length; d++) start += begin[d] * strides[d];
        return [x.Rank, .. x.Dims, .. strides, start];
    }

    /// <summary>
    /// batch[r, i] = whole[order[start + r], i], or without an order (an empty view) whole[start + r, i]: one thread per
    /// element of the batch, rows of <paramref name="rowSize"/>. The start is read from device memory, as the bits of a
    /// float (<see cref="Compilation.StepScalars"/>), so a captured graph gathers each step's batch.
    /// </summary>
    public static void GatherRows(Index1D at, ArrayView<float> whole, ArrayView<int> order, ArrayView<float> start, int rowSize, ArrayView<float> batch)
    {
        int r = at / rowSize, i = at % rowSize;
        int first = (int)Interop.FloatAsInt(start[0]);
        long row = order.Length > 0 ? order[first + r] : first + r;
        batch[at] = whole[(row * rowSize) + i];
    }
}
