namespace Strata.Datasets;

/// <summary>
/// The Reuters newswire topic classification dataset, as <c>keras.datasets.reuters</c>: 11,228
/// newswires as word-rank sequences, labelled with 46 topics, shuffled with numpy's
/// RandomState(seed) and split 80/20 into 8,982 training and 2,246 test newswires.
/// </summary>
public static class Reuters
{
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    // Decode is called per newswire; read the word index once. PublicationOnly: a missing file is retried, not cached as a failure.
    private static readonly Lazy<Dictionary<int, string>> WordOfRank =
        new(() => WordSequences.Invert(GetWordIndex()), LazyThreadSafetyMode.PublicationOnly);

    /// <summary>
    /// Loads reuters.npz and returns Keras's arrays: sequences of word indices (1 = start,
    /// 2 = out-of-vocabulary, rank + <paramref name="indexFrom"/> for a word) and Int64 topic labels.
    /// </summary>
    /// <param name="numWords">Keep the most frequent words below this index; others become <paramref name="oovChar"/>. Null (or 0): all words.</param>
    /// <param name="skipTop">Indices below this become <paramref name="oovChar"/> too.</param>
    /// <param name="maxLen">Drop (as Keras does, not truncate) newswires of this many indices or more, counting the start index. Null (or 0): keep all.</param>
    /// <param name="testSplit">The fraction of newswires in the test set.</param>
    /// <param name="seed">The seed of numpy's RandomState that shuffles before the split.</param>
    /// <param name="startChar">Marks the start of each sequence; null for none.</param>
    /// <param name="oovChar">Replaces cut words; null drops them instead.</param>
    /// <param name="indexFrom">Added to every word rank.</param>
    public static ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) LoadData(
        int? numWords = null, int skipTop = 0, int? maxLen = null, float testSplit = 0.2f, int seed = 113,
        int? startChar = 1, int? oovChar = 2, int indexFrom = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numWords ?? 0, nameof(numWords));
        ArgumentOutOfRangeException.ThrowIfNegative(skipTop);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLen ?? 0, nameof(maxLen));
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        if (!(testSplit is >= 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(testSplit), testSplit, "Reuters.LoadData: testSplit is a fraction between 0 and 1.");

        NpzFile file = Npz.Load(DatasetFiles.Get("reuters.npz", Origin + "reuters.npz", PublishedHashes.ForDownload("reuters.npz")));
        int[][] stored = file.Sequences("x");
        long[] storedLabels = file["y"].AsType(DType.Int64).ToArray<long>();
        if (storedLabels.Length != stored.Length)
        {
            throw new InvalidDataException($"'{file.Path}': {stored.Length} sequences but {storedLabels.Length} labels.");
        }

        int[] order = new NumpyRandomState((uint)seed).Permutation(stored.Length);
        int[][] xs = WordSequences.Offset([.. order.Select(i => stored[i])], startChar, indexFrom);
        long[] labels = [.. order.Select(i => storedLabels[i])];

        if (maxLen is > 0)
        {
            (xs, labels) = WordSequences.RemoveLong(maxLen.Value, xs, labels);
            if (xs.Length == 0) throw new ArgumentOutOfRangeException(nameof(maxLen), maxLen, "Reuters.LoadData: no newswire is shorter than maxLen; increase it.");
        }
        xs = WordSequences.LimitVocabulary(xs, numWords, skipTop, oovChar);

        int trainCount = DatasetSplit.TrainCount(xs.Length, testSplit);
        return ((xs[..trainCount], Tensor.FromArray(labels[..trainCount])),
                (xs[trainCount..], Tensor.FromArray(labels[trainCount..])));
    }

    /// <summary>The word index of reuters_word_index.json: word → frequency rank (1 = "the"). Subtract indexFrom from a loaded index to look it up.</summary>
    public static Dictionary<string, int> GetWordIndex() =>
        WordSequences.ReadWordIndex(DatasetFiles.Get("reuters_word_index.json", Origin + "reuters_word_index.json", PublishedHashes.ForDownload("reuters_word_index.json")));

    /// <summary>
    /// The words of a loaded sequence, separated by spaces, with "?" for the indices that are no
    /// word (padding, start, out-of-vocabulary): the book's <c>reverse_word_index.get(i - 3, "?")</c>.
    /// </summary>
    public static string Decode(int[] sequence, int indexFrom = 3)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return WordSequences.Decode(sequence, WordOfRank.Value, indexFrom);
    }

    /// <summary>The names of the 46 topics, indexed by label (Keras's get_label_names).</summary>
    public static IReadOnlyList<string> GetLabelNames() =>
    [
        "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee",
        "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx",
        "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail",
        "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
        "dlr", "gas", "silver", "wpi", "hog", "lead",
    ];
}
