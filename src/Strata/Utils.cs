namespace Strata;

/// <summary>Data helpers from keras.utils.</summary>
public static partial class Utils
{
    /// <summary>One-hot float32 rows for integer class labels of any integer dtype: (n) or (n, 1) becomes (n, numClasses).</summary>
    public static Tensor ToCategorical(Tensor labels, int? numClasses = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!labels.DType.IsInteger()) throw new ArgumentException($"ToCategorical: labels must be integers, got dtype {labels.DType.Name()}.", nameof(labels));
        int[] classes = labels.AsType(DType.Int32).ToArray<int>();
        int n = numClasses ?? (classes.Length == 0 ? 0 : classes.Max() + 1);
        int[] dims = labels.Rank > 1 && labels.Shape[-1] == 1 ? labels.Shape.Dims[..^1] : labels.Shape.Dims;
        // Written in place: FromArray would copy the rows (2.4 MB for MNIST's labels) once more.
        var result = new Tensor(new Shape([.. dims, n]), DType.Float32);
        Span<float> onehot = result.Span<float>();
        for (int i = 0; i < classes.Length; i++)
        {
            if (classes[i] < 0 || classes[i] >= n) throw new ArgumentException($"ToCategorical: label {classes[i]} at position {i} is outside 0..{n - 1}.", nameof(labels));
            onehot[i * n + classes[i]] = 1f;
        }
        return result;
    }

    /// <summary>
    /// Multi-hot encoding (the book's vectorize_sequences): row i has 1 at every index that occurs
    /// in sequence i. Indices must lie in [0, dimension).
    /// </summary>
    public static Tensor VectorizeSequences(IReadOnlyList<int[]> sequences, int dimension = 10000)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (dimension <= 0) throw new ArgumentException($"VectorizeSequences: dimension must be positive, got {dimension}.", nameof(dimension));
        var result = new Tensor(Shape.Own([sequences.Count, dimension]), DType.Float32);
        Span<float> values = result.Span<float>();
        for (int i = 0; i < sequences.Count; i++)
        {
            Span<float> row = values.Slice(i * dimension, dimension);
            foreach (int index in sequences[i])
            {
                if ((uint)index >= (uint)dimension)
                {
                    throw new ArgumentException($"VectorizeSequences: sequence {i} holds index {index}, outside 0..{dimension - 1}; load the data with numWords: {dimension} or raise the dimension.", nameof(sequences));
                }
                row[index] = 1f;
            }
        }
        return result;
    }

    /// <summary>
    /// Feature-wise standardization (the book's Boston housing preparation): subtracts each
    /// column's mean and divides by its standard deviation, both taken over the samples (axis 0).
    /// Returns them so test data can be scaled with the training data's statistics.
    /// </summary>
    public static (Tensor Normalized, Tensor Mean, Tensor Std) Normalize(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1 || x.Shape[0] == 0) throw new ArgumentException($"Normalize: needs at least one sample, got shape {x.Shape}.", nameof(x));
        Tensor values = x.AsType(DType.Float32);
        Tensor mean = Ops.Mean(values, axis: 0);
        Tensor std = Ops.Sqrt(Ops.Mean(Ops.Square(values - mean), axis: 0)); // NumPy's std (ddof = 0)
        return (Normalize(values, mean, std), mean, std);
    }

    /// <summary>(x - mean) / std with given statistics (e.g. the training data's, applied to test data).</summary>
    public static Tensor Normalize(Tensor x, Tensor mean, Tensor std)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Ops.Sum(Ops.Equal(std, Tensor.Scalar(0f)).AsType(DType.Int32)).Item<int>() > 0)
        {
            throw new ArgumentException("Normalize: a feature has standard deviation 0 (it is constant); drop it or scale it another way.", nameof(std));
        }
        return (x.AsType(DType.Float32) - mean) / std;
    }

    /// <summary>
    /// The book's K-fold validation split of <paramref name="samples"/> samples: fold i validates on the
    /// i-th block of samples / k consecutive samples and trains on all the others, in order.
    /// </summary>
    public static IEnumerable<(int[] Train, int[] Validation)> KFold(int samples, int k)
    {
        if (k < 2 || k > samples) throw new ArgumentException($"KFold: k must be between 2 and the number of samples ({samples}), got {k}.", nameof(k));
        int size = samples / k;
        for (int fold = 0; fold < k; fold++)
        {
            int[] validation = Enumerable.Range(fold * size, size).ToArray();
            int[] train = Enumerable.Range(0, fold * size).Concat(Enumerable.Range((fold + 1) * size, samples - (fold + 1) * size)).ToArray();
            yield return (train, validation);
        }
    }
}
