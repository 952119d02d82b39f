using Strata.Compilation;

namespace Strata.Losses;

/// <summary>
/// Integer class labels (Int32, Int64, UInt8, or Float32 holding integers) as Keras's sparse
/// losses and metrics read them, shaped (n) or (n, 1) against predictions (n, classes).
/// </summary>
internal static class SparseLabels
{
    /// <summary>
    /// The labels as Int64 with the class axis dropped: a trailing (or class-axis) dimension of 1
    /// is squeezed, then the shape must equal yPred's without its class axis.
    /// </summary>
    public static Tensor Match(Tensor yTrue, Tensor yPred, int axis, string who)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        if (yTrue.DType == DType.Bool) throw new ArgumentException($"{who}: labels must be integers (int32, int64, uint8 or whole float32 values), got bool.", nameof(yTrue));
        if (yTrue.Rank == yPred.Rank && yTrue.Rank > 0 && yTrue.Shape[axis] == 1) yTrue = Ops.Squeeze(yTrue, axis);
        int[] expected = yPred.Shape.Where((_, i) => i != axis).ToArray();
        if (!yTrue.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException($"{who}: integer labels of shape {yTrue.Shape} do not match predictions of shape {yPred.Shape}; " +
                $"expected labels of shape {Shape.Format(expected)} (or with a trailing 1), one class index per prediction.", nameof(yTrue));
        }
        // Float labels are truncated toward zero, as Keras's cast to int32.
        return yTrue.AsType(DType.Int64);
    }

    /// <summary>Throws if a label lies outside [0, classes) (ignoring <paramref name="ignoreClass"/>): Keras on JAX would silently give a zero loss.</summary>
    /// <summary>The labels, checked to lie in [0, classes) or be the ignored class: an op, so a compiled step checks every batch.</summary>
    public static Tensor Checked(Tensor labels, int classes, int? ignoreClass, string who) =>
        Ops.Run(new Kernel("CheckLabels", (x, y) => CheckRange(x[0], y, classes, ignoreClass, who), $"classes={classes}")
        {
            Attributes = new LabelCheckForm(classes, ignoreClass),
        }, labels.Shape, DType.Int64, labels);

    private static void CheckRange(Tensor labels, Tensor checkedLabels, int classes, int? ignoreClass, string who)
    {
        ReadOnlySpan<long> values = labels.Data<long>();
        foreach (long label in values)
        {
            if ((label < 0 || label >= classes) && label != ignoreClass)
            {
                throw new ArgumentException($"{who}: label {label} is out of range for {classes} classes (valid: 0 to {classes - 1}{(ignoreClass is int c ? $", or the ignored class {c}" : "")}).", "yTrue");
            }
        }
        values.CopyTo(checkedLabels.Span<long>());
    }

    /// <summary>One-hot float32 targets with the class axis inserted at <paramref name="axis"/>.</summary>
    public static Tensor OneHot(Tensor labels, int classes, int axis)
    {
        int[] classShape = Enumerable.Repeat(1, labels.Rank + 1).ToArray();
        classShape[axis] = classes;
        Tensor classIds = Tensor.Arange(0, classes).AsType(DType.Int64).Reshape(classShape);
        return Ops.Equal(Ops.ExpandDims(labels, axis), classIds).AsType(DType.Float32);
    }

}
