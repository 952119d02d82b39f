namespace Strata;

/// <summary>
/// Makes datasets (the role of tf.data.Dataset's constructors) and batches them. A dataset of
/// batches goes to <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>:
/// <code>
/// var train = Dataset.FromTensors(xTrain, yTrain).Shuffle(1024).Batch(128).Prefetch(2);
/// model.Fit(train, epochs: 5, validationData: Dataset.FromTensors(xVal, yVal).Batch(128));
/// </code>
/// </summary>
public static class Dataset
{
    /// <summary>The cardinality of a dataset whose length is not known before a pass (tf.data's UNKNOWN_CARDINALITY).</summary>
    public const long UnknownCardinality = -2;

    /// <summary>The cardinality of a dataset that never ends (tf.data's INFINITE_CARDINALITY).</summary>
    public const long InfiniteCardinality = -1;

    /// <summary>One element per sample: the rows of <paramref name="x"/> along its first axis (tf.data's from_tensor_slices).</summary>
    public static Dataset<Tensor> FromTensors(Tensor x)
    {
        Rows rows = Rows.Of("FromTensors", ("x", x));
        return new(() => rows.Each(i => rows.At(0, i)), rows.Count);
    }

    /// <summary>One (input, target) pair per sample: the rows of <paramref name="x"/> and <paramref name="y"/>, which must hold as many.</summary>
    public static Dataset<(Tensor X, Tensor Y)> FromTensors(Tensor x, Tensor y)
    {
        Rows rows = Rows.Of("FromTensors", ("x", x), ("y", y));
        return new(() => rows.Each(i => (rows.At(0, i), rows.At(1, i))), rows.Count);
    }

    /// <summary>One (input, target, sample weight) triple per sample.</summary>
    public static Dataset<(Tensor X, Tensor Y, Tensor SampleWeight)> FromTensors(Tensor x, Tensor y, Tensor sampleWeight)
    {
        Rows rows = Rows.Of("FromTensors", ("x", x), ("y", y), ("sampleWeight", sampleWeight));
        return new(() => rows.Each(i => (rows.At(0, i), rows.At(1, i), rows.At(2, i))), rows.Count);
    }

    /// <summary>One (inputs, targets) pair per sample, for a model with several inputs or outputs.</summary>
    public static Dataset<(Tensor[] X, Tensor[] Y)> FromTensors(Tensor[] x, Tensor[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Rows rows = Rows.Of("FromTensors", [.. x.Select((t, i) => ($"x[{i}]", t)), .. y.Select((t, i) => ($"y[{i}]", t))]);
        return new(() => rows.Each(i => (
            Enumerable.Range(0, x.Length).Select(k => rows.At(k, i)).ToArray(),
            Enumerable.Range(x.Length, y.Length).Select(k => rows.At(k, i)).ToArray())), rows.Count);
    }

    /// <summary>
    /// A dataset over any sequence (tf.data's from_generator): <paramref name="pass"/> is called for each
    /// pass, so a generator method is read afresh every epoch. Give the number of elements when known.
    /// </summary>
    public static Dataset<T> FromEnumerable<T>(Func<IEnumerable<T>> pass, long cardinality = UnknownCardinality)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return new(pass, cardinality);
    }

    /// <summary>A dataset over a collection held in memory (a list, an array): every pass reads it anew.</summary>
    public static Dataset<T> FromEnumerable<T>(IReadOnlyCollection<T> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new(() => elements, elements.Count);
    }

    /// <summary>Batches of <paramref name="batchSize"/> samples stacked along a new first axis; the last batch may be short unless <paramref name="dropRemainder"/>.</summary>
    public static Dataset<Tensor> Batch(this Dataset<Tensor> dataset, int batchSize, bool dropRemainder = false) =>
        Batched(dataset, batchSize, dropRemainder, b => Stacking.Stack(b, 0));

    /// <inheritdoc cref="Batch(Dataset{Tensor}, int, bool)"/>
    public static Dataset<(Tensor X, Tensor Y)> Batch(this Dataset<(Tensor X, Tensor Y)> dataset, int batchSize, bool dropRemainder = false) =>
        Batched(dataset, batchSize, dropRemainder, b => (Stacking.Stack(b, e => e.X, 0), Stacking.Stack(b, e => e.Y, 1)));

    /// <inheritdoc cref="Batch(Dataset{Tensor}, int, bool)"/>
    public static Dataset<(Tensor X, Tensor Y, Tensor SampleWeight)> Batch(this Dataset<(Tensor X, Tensor Y, Tensor SampleWeight)> dataset, int batchSize, bool dropRemainder = false) =>
        Batched(dataset, batchSize, dropRemainder, b => (Stacking.Stack(b, e => e.X, 0), Stacking.Stack(b, e => e.Y, 1), Stacking.Stack(b, e => e.SampleWeight, 2)));

    /// <inheritdoc cref="Batch(Dataset{Tensor}, int, bool)"/>
    public static Dataset<(Tensor[] X, Tensor[] Y)> Batch(this Dataset<(Tensor[] X, Tensor[] Y)> dataset, int batchSize, bool dropRemainder = false) =>
        Batched(dataset, batchSize, dropRemainder, b => (
            Enumerable.Range(0, b[0].X.Length).Select(k => Stacking.Stack(b, e => e.X[k], k)).ToArray(),
            Enumerable.Range(0, b[0].Y.Length).Select(k => Stacking.Stack(b, e => e.Y[k], b[0].X.Length + k)).ToArray()));

    /// <summary>Batches of any other element: arrays of <paramref name="batchSize"/> elements (strings become a string[] per batch).</summary>
    public static Dataset<T[]> Batch<T>(this Dataset<T> dataset, int batchSize, bool dropRemainder = false) =>
        Batched(dataset, batchSize, dropRemainder, b => b);

    private static Dataset<TBatch> Batched<T, TBatch>(Dataset<T> dataset, int batchSize, bool dropRemainder, Func<T[], TBatch> combine)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0) throw new ArgumentException($"Dataset.Batch: batchSize must be positive, got {batchSize}.", nameof(batchSize));
        long n = dataset.Cardinality;
        long cardinality = n < 0 ? n : dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize;
        return new(() => Chunks(dataset, batchSize, dropRemainder).Select(combine), cardinality);
    }

    private static IEnumerable<T[]> Chunks<T>(IEnumerable<T> source, int size, bool dropRemainder)
    {
        var chunk = new List<T>(size);
        foreach (T element in source)
        {
            chunk.Add(element);
            if (chunk.Count < size) continue;
            yield return chunk.ToArray();
            chunk.Clear();
        }
        if (chunk.Count > 0 && !dropRemainder) yield return chunk.ToArray();
    }
}
