using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>The sum over one axis, or over all when <paramref name="axis"/> is null.</summary>
    public static Tensor Sum(Tensor x, int? axis = null, bool keepDims = false) => Sum(x, Axes(x, axis), keepDims);

    /// <summary>The sum over several axes.</summary>
    public static Tensor Sum(Tensor x, int[] axes, bool keepDims = false)
    {
        int[] a = NormalizeAxes(x, axes, "Sum");
        Tensor source = x.DType is DType.Bool or DType.UInt8 ? x.AsType(DType.Int32) : x;
        Tensor y = Reduced(ReduceAll(source, a, ReduceKind.Sum, "Sum"), x.Shape, a, keepDims);
        return y.Record(x, g => Expand(Reshape(g, KeptShape(x.Shape, a).Dims), x.Shape));
    }

    /// <summary>The mean over one axis, or over all when <paramref name="axis"/> is null; float32.</summary>
    public static Tensor Mean(Tensor x, int? axis = null, bool keepDims = false) => Mean(x, Axes(x, axis), keepDims);

    /// <summary>The mean over several axes, as float32.</summary>
    public static Tensor Mean(Tensor x, int[] axes, bool keepDims = false)
    {
        int[] a = NormalizeAxes(x, axes, "Mean");
        int count = 1;
        foreach (int axis in a) count *= x.Shape.Dims[axis];
        // Bools average to the fraction that is true, as NumPy's mean (how accuracy is computed).
        return Sum(x.AsType(DType.Float32), a, keepDims) / count;
    }

    /// <summary>The largest element over one axis, or over all when <paramref name="axis"/> is null; the gradient is shared among ties.</summary>
    public static Tensor Max(Tensor x, int? axis = null, bool keepDims = false) => Extreme(x, Axes(x, axis), keepDims, ReduceKind.Max, "Max");

    /// <summary>The largest element over several axes.</summary>
    public static Tensor Max(Tensor x, int[] axes, bool keepDims = false) => Extreme(x, axes, keepDims, ReduceKind.Max, "Max");

    /// <summary>The smallest element over one axis, or over all when <paramref name="axis"/> is null; the gradient is shared among ties.</summary>
    public static Tensor Min(Tensor x, int? axis = null, bool keepDims = false) => Extreme(x, Axes(x, axis), keepDims, ReduceKind.Min, "Min");

    /// <summary>The smallest element over several axes.</summary>
    public static Tensor Min(Tensor x, int[] axes, bool keepDims = false) => Extreme(x, axes, keepDims, ReduceKind.Min, "Min");

    /// <summary>The index of the largest element along an axis (of the flattened tensor when null), int32; the first one on ties.</summary>
    public static Tensor ArgMax(Tensor x, int? axis = null, bool keepDims = false) => ArgExtreme(x, axis, keepDims, max: true, "ArgMax");

    /// <summary>The index of the smallest element along an axis (of the flattened tensor when null), int32; the first one on ties.</summary>
    public static Tensor ArgMin(Tensor x, int? axis = null, bool keepDims = false) => ArgExtreme(x, axis, keepDims, max: false, "ArgMin");

    /// <summary>
    /// Max or Min; the gradient is shared equally by the elements that tie for the extreme,
    /// as TensorFlow does.
    /// </summary>
    private static Tensor Extreme(Tensor x, int[] axes, bool keepDims, ReduceKind kind, string op)
    {
        int[] a = NormalizeAxes(x, axes, op);
        Tensor y = Reduced(ReduceAll(x, a, kind, op), x.Shape, a, keepDims);
        return y.Record(x, g =>
        {
            Shape kept = KeptShape(x.Shape, a);
            Tensor mask = Equal(x, Reshape(y, kept.Dims)).AsType(DType.Float32);
            return Reshape(g, kept.Dims) * mask / Sum(mask, a, keepDims: true);
        });
    }

    private static Tensor ArgExtreme(Tensor x, int? axis, bool keepDims, bool max, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (axis is null)
        {
            Tensor flat = ReduceKernel.ArgExtreme(x.View(Shape.Own([x.Size])), 0, max, op);
            return keepDims ? flat.View(Shape.Own(Enumerable.Repeat(1, x.Rank).ToArray())) : flat;
        }
        int a = Shape.NormalizeAxis(axis.Value, x.Rank, op);
        Tensor y = ReduceKernel.ArgExtreme(x, a, max, op);
        return keepDims ? y.View(KeptShape(x.Shape, [a])) : y;
    }

    /// <summary>Reduces the (sorted, distinct) axes one at a time, last first so the others keep their index.</summary>
    private static Tensor ReduceAll(Tensor x, int[] axes, ReduceKind kind, string op)
    {
        if (axes.Length == 0) return x.View(x.Shape); // a new tensor object: the tape must not see input == output
        if (axes.Length == x.Rank && x.Rank > 1) return ReduceKernel.Reduce(x.View(Shape.Own([x.Size])), 0, kind, op);
        if (axes.Length > 1 && axes[^1] == axes.Length - 1)
        {
            // Leading axes (a bias's gradient over batch, height and width): one pass over them seen as one axis.
            int lead = 1;
            foreach (int a in axes) lead *= x.Shape.Dims[a];
            return ReduceKernel.Reduce(x.View(Shape.Own([lead, .. x.Shape.Dims[axes.Length..]])), 0, kind, op);
        }
        Tensor y = x;
        for (int i = axes.Length - 1; i >= 0; i--) y = ReduceKernel.Reduce(y, axes[i], kind, op);
        return y;
    }

    private static Tensor Reduced(Tensor y, Shape input, int[] axes, bool keepDims) =>
        keepDims ? y.View(KeptShape(input, axes)) : y;

    /// <summary>The input shape with the reduced axes set to 1.</summary>
    private static Shape KeptShape(Shape input, int[] axes)
    {
        int[] dims = input.ToArray();
        foreach (int a in axes) dims[a] = 1;
        return Shape.Own(dims);
    }

    private static int[] Axes(Tensor x, int? axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        return axis is int a ? [a] : Enumerable.Range(0, x.Rank).ToArray();
    }

    private static int[] NormalizeAxes(Tensor x, int[] axes, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(axes);
        int[] a = axes.Select(axis => Shape.NormalizeAxis(axis, x.Rank, op)).Order().ToArray();
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i] == a[i - 1]) throw new ArgumentException($"{op}: axis {a[i]} appears twice in [{string.Join(", ", axes)}].", nameof(axes));
        }
        return a;
    }
}
