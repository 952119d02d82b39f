namespace Strata;

/// <summary>
/// Where a training, evaluation or prediction loop gets its batches: a pass over tensors cut into
/// batches, or over a dataset of batches; with the number of steps of a pass when it is known.
/// </summary>
internal sealed class BatchSource(Func<IEnumerable<(Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)>> pass, int? steps)
{
    /// <summary>The steps of one pass, or null when unknown until the pass ends.</summary>
    public int? Steps { get; } = steps;

    public IEnumerable<(Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)> Pass() => pass();

    public static BatchSource Of(TrainingData data, int batchSize, bool shuffle) => new(() => data.Batches(batchSize, shuffle), data.Steps(batchSize));

    /// <summary>At most <paramref name="steps"/> batches of each pass (Keras's steps and validation_steps).</summary>
    public BatchSource Limit(int? steps) => steps is int n ? new(() => pass().Take(n), Steps is int s ? Math.Min(s, n) : n) : this;

    /// <summary>The batches of a dataset or any sequence, each checked and converted by <paramref name="standardize"/>.</summary>
    public static BatchSource Of<T>(IEnumerable<T> data, Func<T, (Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)> standardize, string op)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is Dataset<T> { Cardinality: Dataset.InfiniteCardinality })
        {
            // Without a step count the first epoch would never end.
            return new(() => data.Select(standardize), null) { Infinite = true };
        }
        int? steps = data is Dataset<T> d ? (d.Cardinality >= 0 ? checked((int)d.Cardinality) : null)
            : data.TryGetNonEnumeratedCount(out int count) ? count : null;
        if (steps == 0) throw new ArgumentException($"{op}: the data gives no batches; give at least one.", nameof(data));
        return new(() => data.Select(standardize), steps);
    }

    /// <summary>
    /// This rank's shard of each batch (data parallelism): its rows of every tensor, as <see cref="Distributed.ProcessGroup.ShardOf"/>
    /// splits them, with the group told the rank's share of each batch before its step.
    /// </summary>
    public BatchSource Shard(Distributed.ProcessGroup group) => new(() => pass().Select(batch =>
    {
        int rows = batch.X[0].Shape[0];
        (int start, int end) = group.ShardOf(rows);
        group.Share = (end - start) / (double)rows;
        Tensor Rows(Tensor t) => t[start..end];
        return (batch.X.Select(Rows).ToArray(), batch.Y?.Select(Rows).ToArray(), batch.SampleWeight is Tensor w ? Rows(w) : null);
    }), Steps)
    { Infinite = Infinite };

    /// <summary>Whether a pass never ends (a repeated dataset), so that a loop needs a step count.</summary>
    public bool Infinite { get; private init; }
}
