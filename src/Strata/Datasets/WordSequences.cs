using System.Text.Json;

namespace Strata.Datasets;

/// <summary>
/// The preprocessing Keras's IMDB and Reuters loaders apply to word-rank sequences, step by step
/// and with Keras's exact semantics (including its corners: maxlen keeps sequences strictly shorter
/// than it; without num_words the largest index itself becomes out-of-vocabulary, because the cut is
/// <c>w &lt; max</c>), so the loaders return Keras's arrays value for value.
/// </summary>
internal static class WordSequences
{
    /// <summary>Prepends <paramref name="startChar"/> (when given) and shifts every rank by <paramref name="indexFrom"/>.</summary>
    public static int[][] Offset(int[][] sequences, int? startChar, int indexFrom)
    {
        int lead = startChar is null ? 0 : 1;
        var result = new int[sequences.Length][];
        for (int i = 0; i < sequences.Length; i++)
        {
            int[] source = sequences[i];
            var shifted = new int[source.Length + lead];
            if (startChar is int start) shifted[0] = start;
            for (int j = 0; j < source.Length; j++) shifted[j + lead] = checked(source[j] + indexFrom);
            result[i] = shifted;
        }
        return result;
    }

    /// <summary>Keras's remove_long_seq: drops (not truncates) every sequence of length maxLen or more, with its label.</summary>
    public static (int[][] Sequences, long[] Labels) RemoveLong(int maxLen, int[][] sequences, long[] labels)
    {
        var keptSequences = new List<int[]>();
        var keptLabels = new List<long>();
        for (int i = 0; i < sequences.Length; i++)
        {
            if (sequences[i].Length >= maxLen) continue;
            keptSequences.Add(sequences[i]);
            keptLabels.Add(labels[i]);
        }
        return ([.. keptSequences], [.. keptLabels]);
    }

    /// <summary>
    /// Keeps indices in [skipTop, numWords): others become <paramref name="oovChar"/>, or are dropped
    /// when it is null. Without <paramref name="numWords"/> the bound is the largest index present.
    /// </summary>
    public static int[][] LimitVocabulary(int[][] sequences, int? numWords, int skipTop, int? oovChar)
    {
        int limit = numWords is > 0 ? numWords.Value : sequences.Max(s => s.Length == 0 ? int.MinValue : s.Max());
        var result = new int[sequences.Length][];
        for (int i = 0; i < sequences.Length; i++)
        {
            int[] source = sequences[i];
            result[i] = oovChar is int oov
                ? Array.ConvertAll(source, w => w >= skipTop && w < limit ? w : oov)
                : Array.FindAll(source, w => w >= skipTop && w < limit);
        }
        return result;
    }

    /// <summary>Words for the indices of <paramref name="sequence"/>: index - indexFrom looked up in the word index, "?" when absent (padding, start, out-of-vocabulary).</summary>
    public static string Decode(int[] sequence, IReadOnlyDictionary<int, string> wordOfRank, int indexFrom) =>
        string.Join(' ', sequence.Select(i => wordOfRank.TryGetValue(i - indexFrom, out string? word) ? word : "?"));

    /// <summary>Reads a Keras word index (a JSON object of word → rank).</summary>
    public static Dictionary<string, int> ReadWordIndex(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, Saving.StrataJsonContext.Default.DictionaryStringInt32)
                ?? throw new InvalidDataException($"'{path}': the word index is JSON null, not an object of word → rank.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': not a word index (a JSON object of word → rank): {e.Message}", e);
        }
    }

    /// <summary>The inverse of a word index: rank → word.</summary>
    public static Dictionary<int, string> Invert(Dictionary<string, int> wordIndex)
    {
        var wordOfRank = new Dictionary<int, string>(wordIndex.Count);
        foreach ((string word, int rank) in wordIndex) wordOfRank[rank] = word;
        return wordOfRank;
    }
}
