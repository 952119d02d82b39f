namespace Strata;

/// <summary>
/// Inputs, targets and sample weights of a training or evaluation run, checked to agree on the
/// number of samples, and cut into batches (shuffled by the global generator when asked).
/// </summary>
internal sealed class TrainingData
{
    public TrainingData(Tensor[] x, Tensor[]? y, Tensor? sampleWeight, string op)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0 || x.Any(t => t is null)) throw new ArgumentException($"{op}: no input data given.", nameof(x));
        X = x;
        Y = y;
        SampleWeight = sampleWeight;
        Count = x[0].Rank == 0 ? throw new ArgumentException($"{op}: inputs need a batch axis, got a scalar.") : x[0].Shape[0];
        // As Keras, which fails on empty data: a loss or prediction of nothing is a mistake upstream, not a 0.
        if (Count == 0) throw new ArgumentException($"{op}: the data holds no samples (input 0 has shape {x[0].Shape}); give at least one.", nameof(x));
        IEnumerable<(string What, Tensor T)> all = x.Select((t, i) => ($"input {i}", t));
        if (y is not null) all = all.Concat(y.Select((t, i) => ($"target {i}", t)));
        if (sampleWeight is not null) all = all.Append(("sampleWeight", sampleWeight));
        foreach ((string what, Tensor t) in all)
        {
            if (t is null || t.Rank == 0 || t.Shape[0] != Count)
            {
                throw new ArgumentException($"{op}: all data must have the same number of samples; input 0 has {Count} (shape {x[0].Shape}) but {what} has shape {t?.Shape.ToString() ?? "null"}.");
            }
        }
    }

    public Tensor[] X { get; }

    public Tensor[]? Y { get; }

    public Tensor? SampleWeight { get; }

    public int Count { get; }

    public int Steps(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <summary>The first samples for training and the last fraction for validation, before any shuffling (as Keras).</summary>
    public (TrainingData Train, TrainingData Validation) Split(double validationSplit)
    {
        // Keras's train_validation_split: the training part is floor(n · (1 - split)) samples.
        int splitAt = (int)Math.Floor(Count * (1.0 - validationSplit));
        if (splitAt <= 0 || splitAt >= Count)
        {
            throw new ArgumentException($"Fit: validationSplit {validationSplit} of {Count} samples leaves {splitAt} for training and {Count - splitAt} for validation; each needs at least one. Give more data or another validationSplit.", nameof(validationSplit));
        }
        return (Slice(0, splitAt), Slice(splitAt, Count));
    }

    /// <summary>
    /// The batches of one pass: views of consecutive samples, or rows gathered in a random order.
    /// Gathered batches are written into buffers reused from batch to batch (a batch lives only for
    /// its step, and so do the arrays that hold it), so a pass does not allocate — and fault in —
    /// fresh memory for every batch.
    /// </summary>
    public IEnumerable<(Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)> Batches(int batchSize, bool shuffle)
    {
        int[]? order = shuffle ? Random.For(null).Permutation(Count) : null;
        Tensor[]? xBuffers = null, yBuffers = null, wBuffer = null;
        Tensor[]? xBatch = null, yBatch = null, wBatch = null;
        for (int start = 0; start < Count; start += batchSize)
        {
            int end = Math.Min(start + batchSize, Count);
            if (order is null)
            {
                yield return Slice(start, end, marked: true).AsBatch();
                continue;
            }
            xBuffers ??= X.Select(t => BatchBuffer(t, batchSize)).ToArray();
            yBuffers ??= Y?.Select(t => BatchBuffer(t, batchSize)).ToArray();
            wBuffer ??= SampleWeight is null ? null : [BatchBuffer(SampleWeight, batchSize)];
            xBatch = Gather(X, order, start, end, xBuffers, xBatch, this);
            yBatch = Gather(Y, order, start, end, yBuffers, yBatch, this);
            wBatch = Gather(SampleWeight is null ? null : [SampleWeight], order, start, end, wBuffer, wBatch, this);
            yield return (xBatch!, yBatch, wBatch?[0]);
        }
    }

    private static Tensor BatchBuffer(Tensor t, int batchSize) => new(Shape.Own([Math.Min(batchSize, t.Shape[0]), .. t.Shape.Dims[1..]]), t.DType);

    /// <summary>
    /// The rows of each tensor, copied into the first rows of its buffer; the batch is the buffer itself, or
    /// a view of its first rows for a short last batch. <paramref name="batch"/> is the array to fill, reused.
    /// </summary>
    private static Tensor[]? Gather(Tensor[]? tensors, int[] order, int start, int end, Tensor[]? buffers, Tensor[]? batch, object pass)
    {
        ReadOnlySpan<int> rows = order.AsSpan(start, end - start);
        if (tensors is null || buffers is null) return null;
        batch ??= new Tensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
        {
            Tensor buffer = buffers[i];
            Tensor target = rows.Length == buffer.Shape[0] ? buffer : buffer.View(Shape.Own([rows.Length, .. buffer.Shape.Dims[1..]]));
            Kernels.RowGather.Copy(tensors[i], rows, target);
            batch[i] = BatchOrigin.Mark(target, tensors[i], order, start, pass);
        }
        return batch;
    }

    private (Tensor[] X, Tensor[]? Y, Tensor? SampleWeight) AsBatch() => (X, Y, SampleWeight);

    /// <summary>Samples start..end as views; <paramref name="marked"/> records each view's origin, for a batch of this pass (<see cref="BatchOrigin"/>).</summary>
    private TrainingData Slice(int start, int end, bool marked = false)
    {
        Tensor Rows(Tensor t) => marked ? BatchOrigin.Mark(t[start..end], t, null, start, this) : t[start..end];
        return new(X.Select(Rows).ToArray(), Y?.Select(Rows).ToArray(), SampleWeight is null ? null : Rows(SampleWeight), "Fit");
    }

    /// <summary>Keras's class_weight: each sample weighs as its class (argmax of one-hot targets, or the integer label).</summary>
    public static Tensor ClassWeights(Tensor y, IReadOnlyDictionary<int, float> classWeight)
    {
        Tensor labels = y.Rank > 1 && y.Shape[-1] > 1 ? Ops.ArgMax(y, -1)
            : Ops.Reshape(y.DType == DType.Float32 ? Ops.Cast(y + 0.5f, DType.Int32) : y.AsType(DType.Int32), -1);
        int[] classes = labels.AsType(DType.Int32).ToArray<int>();
        var weights = new float[classes.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            weights[i] = classWeight.TryGetValue(classes[i], out float w) ? w
                : throw new ArgumentException($"Fit: classWeight has no entry for class {classes[i]}.", nameof(classWeight));
        }
        return Tensor.FromArray(weights);
    }
}
