namespace Strata.Kernels;

/// <summary>
/// A contiguous tensor seen as (outer, length, inner) around one axis: the layout every
/// per-axis kernel (reductions, softmax, concatenation) works in.
/// </summary>
internal readonly record struct AxisLayout(int Outer, int Length, int Inner)
{
    public static AxisLayout Of(Shape shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape.Dims[i];
        for (int i = axis + 1; i < shape.Rank; i++) inner *= shape.Dims[i];
        return new AxisLayout(outer, shape.Dims[axis], inner);
    }
}
