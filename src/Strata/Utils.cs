namespace Strata;

/// <summary>Data helpers from keras.utils.</summary>
public static class Utils
{
    /// <summary>One-hot float32 rows for integer class labels of any integer dtype: (n) or (n, 1) becomes (n, numClasses).</summary>
    public static Tensor ToCategorical(Tensor labels, int? numClasses = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!labels.DType.IsInteger()) throw new ArgumentException($"ToCategorical: labels must be integers, got dtype {labels.DType.Name()}.", nameof(labels));
        int[] classes = labels.AsType(DType.Int32).ToArray<int>();
        int n = numClasses ?? (classes.Length == 0 ? 0 : classes.Max() + 1);
        var onehot = new float[classes.Length * n];
        for (int i = 0; i < classes.Length; i++)
        {
            if (classes[i] < 0 || classes[i] >= n) throw new ArgumentException($"ToCategorical: label {classes[i]} at position {i} is outside 0..{n - 1}.", nameof(labels));
            onehot[i * n + classes[i]] = 1f;
        }
        int[] dims = labels.Rank > 1 && labels.Shape[-1] == 1 ? labels.Shape.Dims[..^1] : labels.Shape.Dims;
        return Tensor.FromArray(onehot, [.. dims, n]);
    }
}
