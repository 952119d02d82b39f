using System.Text;

namespace Strata.Text;

/// <summary>
/// Keras's StringLookup table as TextVectorization uses it: the special tokens first (the mask "" and then
/// "[UNK]" in "int" mode, "[UNK]" alone in the other modes), then the vocabulary; a token maps to its index,
/// an unknown one to "[UNK]"'s. For TF-IDF it holds each index's inverse document frequency.
/// </summary>
internal sealed class StringVocabulary
{
    public const string MaskToken = "", OovToken = "[UNK]";

    private readonly Dictionary<string, int> _indices;

    private StringVocabulary(string[] tokens, int specialCount, float[]? idfWeights)
    {
        Tokens = tokens;
        SpecialCount = specialCount;
        IdfWeights = idfWeights;
        _indices = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = specialCount; i < tokens.Length; i++) _indices[tokens[i]] = i;
    }

    /// <summary>Every token in index order, the special ones first.</summary>
    public string[] Tokens { get; }

    public int SpecialCount { get; }

    /// <summary>Per index, for TF-IDF; null otherwise.</summary>
    public float[]? IdfWeights { get; }

    public int OovIndex => SpecialCount - 1;

    public int IndexOf(string token) => _indices.TryGetValue(token, out int index) ? index : OovIndex;

    public static string[] SpecialTokens(bool withMask) => withMask ? [MaskToken, OovToken] : [OovToken];

    /// <summary>
    /// Adapt's vocabulary: tokens by count, most frequent first, ties broken by the tokens' UTF-8 bytes from
    /// high to low (Keras's np.lexsort order), cut to maxTokens with the special tokens counted; TF-IDF
    /// weights log(1 + documents / (1 + document count)), "[UNK]"'s (and the mask's) the mean of the others.
    /// </summary>
    public static StringVocabulary Learn(TokenCounts counts, int? maxTokens, bool withMask, bool tfIdf, bool padToMaxTokens)
    {
        string[] special = SpecialTokens(withMask);
        var learned = counts.Counts.Where(kv => kv.Key is not (MaskToken or OovToken))
            .Select(kv => (Token: kv.Key, Count: kv.Value, Bytes: Encoding.UTF8.GetBytes(kv.Key)))
            .ToList();
        learned.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : b.Bytes.AsSpan().SequenceCompareTo(a.Bytes));
        if (maxTokens is int max) learned = learned.Take(Math.Max(0, max - special.Length)).ToList();
        string[] tokens = [.. special, .. learned.Select(t => t.Token)];
        float[]? idf = null;
        if (tfIdf)
        {
            float[] weights = learned.Select(t => (float)Math.Log(1 + ((double)counts.Documents / (1 + counts.DocumentCounts.GetValueOrDefault(t.Token))))).ToArray();
            idf = Idf(weights, special.Length, weights.Length == 0 ? 0f : weights.Average(), padToMaxTokens ? maxTokens : null);
        }
        return new StringVocabulary(tokens, special.Length, idf);
    }

    /// <summary>
    /// A given vocabulary, with or without the special tokens at its start (Keras's set_vocabulary), checked as
    /// Keras checks it: no repeats, no mask token inside, no more than maxTokens; TF-IDF needs its weights.
    /// </summary>
    public static StringVocabulary Given(IReadOnlyList<string> vocabulary, float[]? idfWeights, int? maxTokens, bool withMask, bool tfIdf, bool padToMaxTokens)
    {
        string[] special = SpecialTokens(withMask);
        if (vocabulary.Count == 0) throw new ArgumentException("TextVectorization: cannot set an empty vocabulary.", nameof(vocabulary));
        if (tfIdf != idfWeights is not null)
        {
            throw new ArgumentException(tfIdf ? "TextVectorization: idfWeights must be given with a vocabulary when outputMode is \"tf_idf\"."
                : "TextVectorization: idfWeights may only be given when outputMode is \"tf_idf\".", nameof(idfWeights));
        }
        if (idfWeights is not null && idfWeights.Length != vocabulary.Count)
        {
            throw new ArgumentException($"TextVectorization: idfWeights must be as long as the vocabulary: {idfWeights.Length} weights for {vocabulary.Count} tokens.", nameof(idfWeights));
        }
        bool hasSpecial = vocabulary.Take(special.Length).SequenceEqual(special);
        string[] tokens = vocabulary.Skip(hasSpecial ? special.Length : 0).ToArray();
        string[] repeated = tokens.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"\"{g.Key}\"").ToArray();
        if (repeated.Length > 0) throw new ArgumentException($"TextVectorization: the vocabulary repeats {string.Join(", ", repeated)}; give each token once.", nameof(vocabulary));
        if (withMask && tokens.Contains(MaskToken))
        {
            throw new ArgumentException($"TextVectorization: the mask token \"\" may only come first, followed by \"{OovToken}\" (or leave both out).", nameof(vocabulary));
        }
        if (maxTokens is int max && special.Length + tokens.Length > max)
        {
            throw new ArgumentException($"TextVectorization: the vocabulary has {special.Length + tokens.Length} tokens with the special ones, more than maxTokens {max}.", nameof(vocabulary));
        }
        float[]? idf = idfWeights is null ? null
            : hasSpecial ? Idf(idfWeights, 0, 0f, padToMaxTokens ? maxTokens : null)
            : Idf(idfWeights, special.Length, idfWeights.Average(), padToMaxTokens ? maxTokens : null);
        return new StringVocabulary([.. special, .. tokens], special.Length, idf);
    }

    /// <summary>The weights after <paramref name="front"/> copies of <paramref name="frontValue"/>, then zeros up to <paramref name="length"/>.</summary>
    private static float[] Idf(float[] weights, int front, float frontValue, int? length)
    {
        var all = new float[Math.Max(front + weights.Length, length ?? 0)];
        Array.Fill(all, frontValue, 0, front);
        weights.CopyTo(all, front);
        return all;
    }
}
