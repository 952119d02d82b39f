using System.Text;

namespace Strata.Datasets;

/// <summary>
/// The IMDB movie-review sentiment dataset, as <c>keras.datasets.imdb</c>: 25,000 training and
/// 25,000 test reviews, each a sequence of word indices, labelled 1 (positive) or 0 (negative).
/// Reads Keras's imdb.npz when there is one; otherwise builds the very same arrays from the raw
/// labelled reviews (the datasets README's aclImdb TSVs or the original aclImdb folders) and
/// imdb_word_index.json. Files are looked up in STRATA_DATASETS, then ~/.keras/datasets.
/// </summary>
public static class Imdb
{
    /// <summary>
    /// Loads the dataset as <c>keras.datasets.imdb.load_data</c> does: both splits shuffled with one
    /// numpy RandomState(<paramref name="seed"/>), every sequence starting with
    /// <paramref name="startChar"/> and word ranks shifted by <paramref name="indexFrom"/> (so with
    /// the defaults 0 = padding, 1 = start, 2 = out-of-vocabulary, 4 = "the").
    /// </summary>
    /// <param name="numWords">Keep only values below this (the numWords − indexFrom most frequent words); others become <paramref name="oovChar"/>. Null (or 0): keep all — though, as in Keras, the single largest value still becomes <paramref name="oovChar"/>.</param>
    /// <param name="skipTop">Values below this (the most frequent words, and a start marker below it) become <paramref name="oovChar"/>.</param>
    /// <param name="maxLen">Drop (not truncate) every review whose sequence, start marker included, has maxLen values or more. Null (or 0): keep all.</param>
    /// <param name="seed">The shuffling seed (numpy's RandomState), 0 … int.MaxValue.</param>
    /// <param name="startChar">The value each sequence starts with; null for none.</param>
    /// <param name="oovChar">Replaces words cut by <paramref name="numWords"/> or <paramref name="skipTop"/>; null drops them instead.</param>
    /// <param name="indexFrom">Added to every word rank.</param>
    /// <returns>Sequences as int arrays and labels as Int64 tensors of shape (n).</returns>
    /// <exception cref="FileNotFoundException">No imdb.npz, no raw reviews, and no download possible; the message says what to put where.</exception>
    /// <exception cref="InvalidDataException">A source file is corrupt (truncated gzip, malformed TSV row, label other than 0/1, …).</exception>
    public static ((int[][] X, Tensor Y) Train, (int[][] X, Tensor Y) Test) LoadData(
        int? numWords = null, int skipTop = 0, int? maxLen = null, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ImdbArrays stored = ImdbSources.Default.LoadArrays();
        var (train, test) = stored.KerasLoad(numWords, skipTop, maxLen, seed, startChar, oovChar, indexFrom);
        return ((train.X, Labels(train.Y)), (test.X, Labels(test.Y)));
    }

    /// <summary>The word index (imdb_word_index.json): each of the 88,584 words → its frequency rank, 1 = "the". A fresh copy per call.</summary>
    public static Dictionary<string, int> GetWordIndex() => new(LoadWordIndex().Ranks);

    /// <summary>
    /// A loaded sequence back as text, as the book decodes it: each value minus
    /// <paramref name="indexFrom"/> looked up in the word index, "?" for padding, start,
    /// out-of-vocabulary and anything else not in the index, words joined by single spaces.
    /// </summary>
    public static string Decode(int[] sequence, int indexFrom = 3)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        Dictionary<int, string> words = LoadWordIndex().Words;
        var text = new StringBuilder(sequence.Length * 6);
        for (int i = 0; i < sequence.Length; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(words.TryGetValue(sequence[i] - indexFrom, out string? word) ? word : "?");
        }
        return text.ToString();
    }

    private static ImdbWordIndex LoadWordIndex() => ImdbWordIndex.Load(ImdbSources.Default.WordIndexPath());

    internal static Tensor Labels(long[] y) => Tensor.FromArray(y, y.Length);
}
