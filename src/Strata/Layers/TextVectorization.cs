using Strata.Text;

namespace Strata.Layers;

/// <summary>
/// Keras's TextVectorization: raw strings to token indices or per-text vectors. Each text is standardized
/// (by default lowercased, ASCII punctuation removed), split (by default on whitespace), optionally turned
/// into n-grams (ngrams: 2 gives the words and the pairs of neighbours), then looked up in a vocabulary that
/// <see cref="Adapt(IEnumerable{string})"/> learns (the maxTokens most frequent tokens) or that is given.
/// Output modes: "int" (Int64 (n, length): index 0 pads, 1 is "[UNK]"; length outputSequenceLength or the
/// longest text), "multi_hot", "count" and "tf_idf" (Float32 (n, vocabulary size): index 0 is "[UNK]").
/// Used on string arrays and on datasets of them (Map); models take its output (string inputs inside a
/// model are not supported yet).
/// </summary>
public sealed class TextVectorization
{
    private static readonly string[] OutputModes = ["int", "multi_hot", "count", "tf_idf"];
    private readonly int[] _ngrams;
    private readonly bool _hasInputVocabulary;
    private StringVocabulary _vocabulary;

    public TextVectorization(int? maxTokens = null, string? standardize = "lower_and_strip_punctuation", string? split = "whitespace",
        int? ngrams = null, string outputMode = "int", int? outputSequenceLength = null, bool padToMaxTokens = false,
        IReadOnlyList<string>? vocabulary = null, float[]? idfWeights = null)
    {
        if (standardize is not null && !TextStandardization.Modes.Contains(standardize))
        {
            throw new ArgumentException($"TextVectorization: standardize must be one of {Quoted(TextStandardization.Modes)} or null, got \"{standardize}\".", nameof(standardize));
        }
        if (split is not null && !Tokenization.SplitModes.Contains(split))
        {
            throw new ArgumentException($"TextVectorization: split must be one of {Quoted(Tokenization.SplitModes)} or null, got \"{split}\".", nameof(split));
        }
        outputMode = outputMode switch { "binary" => "multi_hot", "tf-idf" => "tf_idf", _ => outputMode }; // Keras's older names
        if (!OutputModes.Contains(outputMode)) throw new ArgumentException($"TextVectorization: outputMode must be one of {Quoted(OutputModes)}, got \"{outputMode}\".", nameof(outputMode));
        if (outputSequenceLength is not null && outputMode != "int")
        {
            throw new ArgumentException($"TextVectorization: outputSequenceLength may only be set when outputMode is \"int\", got outputMode \"{outputMode}\".", nameof(outputSequenceLength));
        }
        if (outputSequenceLength < 1) throw new ArgumentException($"TextVectorization: outputSequenceLength must be positive, got {outputSequenceLength}.", nameof(outputSequenceLength));
        if (ngrams < 1) throw new ArgumentException($"TextVectorization: ngrams must be positive, got {ngrams}.", nameof(ngrams));
        if (maxTokens < 1) throw new ArgumentException($"TextVectorization: maxTokens must be positive, got {maxTokens}.", nameof(maxTokens));
        if (padToMaxTokens && maxTokens is null) throw new ArgumentException("TextVectorization: padToMaxTokens needs maxTokens.", nameof(padToMaxTokens));
        (MaxTokens, Standardize, Split, NGrams, OutputMode, OutputSequenceLength, PadToMaxTokens) =
            (maxTokens, standardize, split, ngrams, outputMode, outputSequenceLength, padToMaxTokens);
        _ngrams = ngrams is int n ? Enumerable.Range(1, n).ToArray() : [];
        _hasInputVocabulary = vocabulary is not null;
        _vocabulary = vocabulary is null
            ? StringVocabulary.Given(StringVocabulary.SpecialTokens(IsInt), TfIdf ? [0f] : null, maxTokens, IsInt, TfIdf, padToMaxTokens)
            : StringVocabulary.Given(vocabulary, idfWeights, maxTokens, IsInt, TfIdf, padToMaxTokens);
        Adapted = _hasInputVocabulary;
    }

    public int? MaxTokens { get; }

    public string? Standardize { get; }

    public string? Split { get; }

    public int? NGrams { get; }

    public string OutputMode { get; }

    public int? OutputSequenceLength { get; }

    public bool PadToMaxTokens { get; }

    /// <summary>Whether a vocabulary is set (given, or learned by Adapt).</summary>
    public bool Adapted { get; private set; }

    private bool IsInt => OutputMode == "int";

    private bool TfIdf => OutputMode == "tf_idf";

    /// <summary>Learns the vocabulary (and for TF-IDF the document frequencies) from these texts, one document each.</summary>
    public void Adapt(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Adapt([texts]);
    }

    /// <summary>Learns the vocabulary from batches of texts (a batched dataset), the first <paramref name="steps"/> of them if given.</summary>
    public void Adapt(IEnumerable<IEnumerable<string>> batches, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (_hasInputVocabulary) throw new InvalidOperationException("TextVectorization.Adapt: this layer was given its vocabulary; a given vocabulary is not learned again.");
        var counts = new TokenCounts();
        foreach (IEnumerable<string> batch in steps is int s ? batches.Take(s) : batches)
        {
            foreach (string text in batch) counts.Add(Tokens(text), TfIdf);
        }
        _vocabulary = StringVocabulary.Learn(counts, MaxTokens, IsInt, TfIdf, PadToMaxTokens);
        Adapted = true;
    }

    /// <summary>Sets the vocabulary (with or without the special tokens first) and, for TF-IDF, its weights.</summary>
    public void SetVocabulary(IReadOnlyList<string> vocabulary, float[]? idfWeights = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = StringVocabulary.Given(vocabulary, idfWeights, MaxTokens, IsInt, TfIdf, PadToMaxTokens);
        Adapted = true;
    }

    /// <summary>The vocabulary in index order, with the padding and "[UNK]" tokens first unless told otherwise.</summary>
    public IReadOnlyList<string> GetVocabulary(bool includeSpecialTokens = true) =>
        includeSpecialTokens ? _vocabulary.Tokens : _vocabulary.Tokens[_vocabulary.SpecialCount..];

    /// <summary>The number of indices, the special tokens included.</summary>
    public int VocabularySize() => _vocabulary.Tokens.Length;

    /// <summary>The texts as a batch: Int64 (n, length) indices in "int" mode, else Float32 (n, vocabulary size).</summary>
    public Tensor Call(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (!IsInt && !Adapted)
        {
            throw new InvalidOperationException($"TextVectorization: outputMode \"{OutputMode}\" needs a vocabulary before the layer is called: call Adapt on sample texts, or pass a vocabulary.");
        }
        int[][] indices = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            string text = texts[i] ?? throw new ArgumentException($"TextVectorization: text {i} is null.", nameof(texts));
            indices[i] = Tokens(text).Select(_vocabulary.IndexOf).ToArray();
        }
        return IsInt ? Sequences(indices) : Vectors(indices);
    }

    /// <summary>One text's tokens: standardized, split, and its n-grams when asked.</summary>
    private List<string> Tokens(string text)
    {
        List<string> tokens = Tokenization.Split(TextStandardization.Apply(text, Standardize), Split);
        return _ngrams.Length == 0 ? tokens : Tokenization.NGrams(tokens, _ngrams);
    }

    /// <summary>"int": the indices, cut or padded with 0 after them to the output length.</summary>
    private Tensor Sequences(int[][] indices)
    {
        int length = OutputSequenceLength ?? (indices.Length == 0 ? 0 : indices.Max(s => s.Length));
        var values = new long[indices.Length * length];
        for (int i = 0; i < indices.Length; i++)
        {
            for (int j = 0; j < Math.Min(length, indices[i].Length); j++) values[(i * length) + j] = indices[i][j];
        }
        return Tensor.FromArray(values, indices.Length, length);
    }

    /// <summary>"multi_hot" (1 where a token occurs), "count" (how often), "tf_idf" (the count times the index's weight).</summary>
    private Tensor Vectors(int[][] indices)
    {
        int depth = PadToMaxTokens ? MaxTokens!.Value : VocabularySize();
        var values = new float[indices.Length * depth];
        for (int i = 0; i < indices.Length; i++)
        {
            Span<float> row = values.AsSpan(i * depth, depth);
            foreach (int index in indices[i]) row[index] = OutputMode == "multi_hot" ? 1f : row[index] + 1f;
            if (TfIdf)
            {
                for (int k = 0; k < depth; k++) row[k] *= _vocabulary.IdfWeights![k];
            }
        }
        return Tensor.FromArray(values, indices.Length, depth);
    }

    private static string Quoted(string[] values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
