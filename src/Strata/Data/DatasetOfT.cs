using System.Collections;

namespace Strata;

/// <summary>
/// A sequence of elements read afresh on every pass, with the transformations of tf.data: the role
/// Keras gives a tf.data.Dataset. Elements are samples, or batches after <c>Batch</c>; <c>Fit</c>,
/// <c>Evaluate</c> and <c>Predict</c> take a dataset of batches. Build one with
/// <see cref="Dataset.FromTensors(Tensor, Tensor)"/> or <see cref="Dataset.FromEnumerable{T}(Func{IEnumerable{T}}, long)"/>.
/// <code>
/// var train = Dataset.FromTensors(xTrain, yTrain).Shuffle(1024).Batch(128).Prefetch(2);
/// model.Fit(train, epochs: 5);
/// </code>
/// </summary>
public sealed class Dataset<T> : IEnumerable<T>
{
    private readonly Func<IEnumerable<T>> _pass;

    internal Dataset(Func<IEnumerable<T>> pass, long cardinality)
    {
        _pass = pass;
        Cardinality = cardinality;
    }

    /// <summary>The class names of a dataset read from class folders (Keras's class_names), in label order; null otherwise.</summary>
    public IReadOnlyList<string>? ClassNames { get; private init; }

    internal Dataset<T> WithClassNames(IReadOnlyList<string> classNames) => new(_pass, Cardinality) { ClassNames = classNames };

    /// <summary>The number of elements of one pass; <see cref="Dataset.UnknownCardinality"/> when it is not known in advance, <see cref="Dataset.InfiniteCardinality"/> for a dataset that never ends.</summary>
    public long Cardinality { get; }

    /// <summary>
    /// Elements in a random order drawn from a buffer of <paramref name="bufferSize"/> (tf.data's shuffle):
    /// each element out is a random one of the buffer, replaced by the next element in. A buffer as large as
    /// the dataset gives a uniform shuffle. The order changes from pass to pass unless
    /// <paramref name="reshuffleEachIteration"/> is false; a seed makes it reproducible (else one is drawn
    /// from the global generator, so <c>Random.SetSeed</c> does too).
    /// </summary>
    public Dataset<T> Shuffle(int bufferSize, int? seed = null, bool reshuffleEachIteration = true)
    {
        if (bufferSize <= 0) throw new ArgumentException($"Dataset.Shuffle: bufferSize must be positive, got {bufferSize}.", nameof(bufferSize));
        // The generator is made here, on the caller's thread, and belongs to this dataset alone: a pass may run
        // on a prefetching thread, and must not draw from the global generator the training step uses.
        var seeds = Random.For(seed);
        ulong first = seeds.NextUInt64();
        var lockSeeds = new Lock();
        return new(() =>
        {
            ulong passSeed;
            lock (lockSeeds) passSeed = reshuffleEachIteration ? seeds.NextUInt64() : first;
            return Shuffled(_pass(), bufferSize, new RandomGenerator(passSeed));
        }, Cardinality);
    }

    private static IEnumerable<T> Shuffled(IEnumerable<T> source, int bufferSize, RandomGenerator random)
    {
        var buffer = new List<T>(Math.Min(bufferSize, 1 << 16));
        foreach (T element in source)
        {
            if (buffer.Count < bufferSize)
            {
                buffer.Add(element);
                continue;
            }
            int pick = random.NextInt(buffer.Count);
            yield return buffer[pick];
            buffer[pick] = element;
        }
        while (buffer.Count > 0)
        {
            int pick = random.NextInt(buffer.Count);
            yield return buffer[pick];
            buffer[pick] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
        }
    }

    /// <summary>Each element passed through <paramref name="map"/> (tf.data's map), lazily, pass by pass.</summary>
    public Dataset<TResult> Map<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new(() => _pass().Select(map), Cardinality);
    }

    /// <summary>
    /// Elements prepared ahead on a background thread, up to <paramref name="bufferSize"/> of them, so that
    /// decoding, batching and mapping overlap the training step (tf.data's prefetch). An exception in the
    /// pipeline reaches the consumer at the element where it happened.
    /// </summary>
    public Dataset<T> Prefetch(int bufferSize = 2)
    {
        if (bufferSize <= 0) throw new ArgumentException($"Dataset.Prefetch: bufferSize must be positive, got {bufferSize}.", nameof(bufferSize));
        return new(() => new Prefetcher<T>(_pass, bufferSize), Cardinality);
    }

    /// <summary>
    /// The elements of the first complete pass kept in memory and replayed by every later pass (tf.data's
    /// cache): work upstream (reading, vectorizing) is done once. A pass left before its end keeps nothing.
    /// </summary>
    public Dataset<T> Cache()
    {
        List<T>? kept = null;
        IEnumerable<T> Pass()
        {
            if (kept is not null)
            {
                foreach (T element in kept) yield return element;
                yield break;
            }
            var filling = new List<T>();
            foreach (T element in _pass())
            {
                filling.Add(element);
                yield return element;
            }
            kept = filling;
        }
        return new(Pass, Cardinality) { ClassNames = ClassNames };
    }

    /// <summary>The first <paramref name="count"/> elements.</summary>
    public Dataset<T> Take(int count)
    {
        if (count < 0) throw new ArgumentException($"Dataset.Take: count must be non-negative, got {count}.", nameof(count));
        long cardinality = Cardinality == Dataset.InfiniteCardinality ? count : Cardinality >= 0 ? Math.Min(count, Cardinality) : Cardinality;
        return new(() => _pass().Take(count), cardinality);
    }

    /// <summary>All but the first <paramref name="count"/> elements.</summary>
    public Dataset<T> Skip(int count)
    {
        if (count < 0) throw new ArgumentException($"Dataset.Skip: count must be non-negative, got {count}.", nameof(count));
        return new(() => _pass().Skip(count), Cardinality >= 0 ? Math.Max(0, Cardinality - count) : Cardinality);
    }

    /// <summary>The elements <paramref name="count"/> times over, or forever when no count is given.</summary>
    public Dataset<T> Repeat(int? count = null)
    {
        if (count < 0) throw new ArgumentException($"Dataset.Repeat: count must be non-negative, got {count}.", nameof(count));
        long cardinality = count == 0 || Cardinality == 0 ? 0
            : count is null ? Dataset.InfiniteCardinality
            : Cardinality >= 0 ? Cardinality * count.Value : Cardinality;
        return new(() => Repeated(count), cardinality);
    }

    private IEnumerable<T> Repeated(int? count)
    {
        for (int i = 0; count is null || i < count; i++)
        {
            bool any = false;
            foreach (T element in _pass())
            {
                any = true;
                yield return element;
            }
            if (!any) yield break; // an empty dataset repeated forever is still empty, not a hang
        }
    }

    /// <summary>A new pass over the elements.</summary>
    public IEnumerator<T> GetEnumerator() => _pass().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
