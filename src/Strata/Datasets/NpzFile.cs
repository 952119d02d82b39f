namespace Strata.Datasets;

/// <summary>
/// The arrays of an .npz file, read eagerly by <see cref="Npz.Load"/>: numeric arrays as tensors
/// (float64 narrowed to Float32, as everywhere in Strata), object arrays of int lists as sequences.
/// </summary>
public sealed class NpzFile
{
    private readonly Dictionary<string, Tensor> _numeric;
    private readonly Dictionary<string, PickledArray> _objects;

    internal NpzFile(string path, IReadOnlyList<string> keys, Dictionary<string, Tensor> numeric, Dictionary<string, PickledArray> objects)
    {
        Path = path;
        Keys = keys;
        _numeric = numeric;
        _objects = objects;
    }

    /// <summary>The file the arrays came from.</summary>
    public string Path { get; }

    /// <summary>The array names, in archive order (member names without ".npy").</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Whether the file holds an array named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _numeric.ContainsKey(key) || _objects.ContainsKey(key);

    /// <summary>The numeric array named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such array.</exception>
    /// <exception cref="InvalidOperationException">The array holds Python objects: read it with <see cref="Sequences"/>.</exception>
    public Tensor this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            if (_numeric.TryGetValue(key, out Tensor? tensor)) return tensor;
            if (_objects.ContainsKey(key))
            {
                throw new InvalidOperationException($"'{Path}': array '{key}' holds Python objects (ragged sequences), not numbers; read it with Sequences(\"{key}\").");
            }
            throw Missing(key);
        }
    }

    /// <summary>
    /// The object array named <paramref name="key"/> as int sequences: it must be 1-d and hold lists of ints.
    /// A pickle can name one list many times by reference, so a small file could expand to any size; the
    /// sequences may hold at most <paramref name="maxElements"/> ints in all, by default one per byte of
    /// the pickle (a file that stores every list once spends at least two bytes per int).
    /// </summary>
    /// <exception cref="InvalidDataException">An item is not a list of 32-bit ints, or the lists hold more ints than the limit.</exception>
    public int[][] Sequences(string key, long? maxElements = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (maxElements is < 0) throw new ArgumentOutOfRangeException(nameof(maxElements), maxElements, "Sequences: maxElements must be non-negative.");
        if (_objects.TryGetValue(key, out PickledArray? array)) return array.ToSequences($"'{Path}' (array '{key}')", key, maxElements);
        if (_numeric.ContainsKey(key))
        {
            throw new InvalidOperationException($"'{Path}': array '{key}' is numeric; read it with the indexer, npz[\"{key}\"].");
        }
        throw Missing(key);
    }

    private KeyNotFoundException Missing(string key) =>
        new($"'{Path}' has no array '{key}'; its arrays are: {string.Join(", ", Keys)}.");
}
