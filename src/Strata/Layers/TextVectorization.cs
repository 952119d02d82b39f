using Strata.Compilation;
using Strata.Text;

namespace Strata.Layers;

/// <summary>
/// Keras's TextVectorization: raw strings to token indices or per-text vectors. Each text is standardized
/// (by default lowercased, ASCII punctuation removed), split (by default on whitespace), optionally turned
/// into n-grams (ngrams: 2 gives the words and the pairs of neighbours), then looked up in a vocabulary that
/// <see cref="Adapt(IEnumerable{string})"/> learns (the maxTokens most frequent tokens) or that is given.
/// Output modes: "int" (Int64 (n, length): index 0 pads, 1 is "[UNK]"; length outputSequenceLength or the
/// longest text), "multi_hot", "count" and "tf_idf" (Float32 (n, vocabulary size): index 0 is "[UNK]").
/// It is a layer without weights: called on texts (a string array or a string tensor of shape (n,) or
/// (n, 1)), mapped over a dataset, or inside a model on a string input, as the book's end-to-end model:
/// <code>
/// var text = new Input(shape: [1], dtype: DType.String);
/// var inference = new Model(text, model.Call(vectorize.Call(text)));
/// Tensor positive = inference.Predict(Tensor.FromArray(["That was an excellent movie, I loved it."], 1, 1));
/// </code>
/// With a fixed output size (any mode but "int" without outputSequenceLength) it runs in a compiled step;
/// an "int" output as long as the longest text depends on the texts, so a step with it runs eagerly.
/// </summary>
public sealed class TextVectorization : Layer
{
    private static readonly string[] OutputModes = ["int", "multi_hot", "count", "tf_idf"];
    private readonly int[] _ngrams;
    private readonly bool _hasInputVocabulary;
    private readonly Kernel _kernel;
    private StringVocabulary _vocabulary;

    /// <summary>A text vectorization layer; its vocabulary is given or learned by <see cref="Adapt(IEnumerable{string})"/>.</summary>
    /// <param name="maxTokens">The largest vocabulary size, the special tokens counted; null for no limit.</param>
    /// <param name="standardize">"lower_and_strip_punctuation" (the default), "lower", "strip_punctuation", or null for none.</param>
    /// <param name="split">"whitespace" (the default), "character", or null to keep each text whole.</param>
    /// <param name="ngrams">With n, the tokens and the n-grams up to n (Keras's <c>ngrams</c>); null for the tokens alone.</param>
    /// <param name="outputMode">"int" (the default), "multi_hot", "count" or "tf_idf" ("binary" and "tf-idf" are read as Keras's older names).</param>
    /// <param name="outputSequenceLength">In "int" mode, the length texts are padded or cut to; null for the longest text's.</param>
    /// <param name="padToMaxTokens">In the vector modes, whether vectors have <paramref name="maxTokens"/> entries whatever the vocabulary's size; needs <paramref name="maxTokens"/>.</param>
    /// <param name="vocabulary">A vocabulary to use instead of one learned, with or without the special tokens first.</param>
    /// <param name="idfWeights">In "tf_idf" mode, the weight of each token of <paramref name="vocabulary"/>.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public TextVectorization(int? maxTokens = null, string? standardize = "lower_and_strip_punctuation", string? split = "whitespace",
        int? ngrams = null, string outputMode = "int", int? outputSequenceLength = null, bool padToMaxTokens = false,
        IReadOnlyList<string>? vocabulary = null, float[]? idfWeights = null, string? name = null)
        : base(name, trainable: false)
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
        // One kernel per layer: it reads this layer's vocabulary as it is when it runs.
        _kernel = new Kernel("TextVectorization", (x, y) => Encode(x[0], y), $"{Name}, {OutputMode}") { TakesStrings = true };
    }

    /// <summary>The largest vocabulary size, the special tokens counted; null for no limit (Keras's <c>max_tokens</c>).</summary>
    public int? MaxTokens { get; }

    /// <summary>The standardization: "lower_and_strip_punctuation", "lower", "strip_punctuation" or null (Keras's <c>standardize</c>).</summary>
    public string? Standardize { get; }

    /// <summary>The splitting: "whitespace", "character" or null (Keras's <c>split</c>).</summary>
    public string? Split { get; }

    /// <summary>The largest n-gram size, or null for the tokens alone (Keras's <c>ngrams</c>).</summary>
    public int? NGrams { get; }

    /// <summary>"int", "multi_hot", "count" or "tf_idf" (Keras's <c>output_mode</c>).</summary>
    public string OutputMode { get; }

    /// <summary>In "int" mode, the length texts are padded or cut to; null for the longest text's (Keras's <c>output_sequence_length</c>).</summary>
    public int? OutputSequenceLength { get; }

    /// <summary>Whether vectors have <see cref="MaxTokens"/> entries whatever the vocabulary's size (Keras's <c>pad_to_max_tokens</c>).</summary>
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

    /// <summary>Learns the vocabulary from a string tensor of texts, one document per element.</summary>
    public void Adapt(Tensor texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Adapt([Texts(texts, "Adapt")]);
    }

    /// <summary>Learns the vocabulary from a dataset of string tensors (Keras: <c>adapt(dataset.map(lambda x, y: x))</c>), the first <paramref name="steps"/> batches if given.</summary>
    public void Adapt(IEnumerable<Tensor> batches, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        Adapt(batches.Select(b => (IEnumerable<string>)Texts(b ?? throw new ArgumentException("TextVectorization.Adapt: a batch is null.", nameof(batches)), "Adapt")), steps);
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

    /// <summary>The TF-IDF weight of each index (special tokens included), or null in the other modes or before a vocabulary is set.</summary>
    internal float[]? IdfWeights => Adapted && TfIdf ? _vocabulary.IdfWeights![.._vocabulary.Tokens.Length] : null;

    /// <summary>The number of indices, the special tokens included.</summary>
    public int VocabularySize() => _vocabulary.Tokens.Length;

    /// <summary>The texts as a batch: Int64 (n, length) indices in "int" mode, else Float32 (n, vocabulary size).</summary>
    public Tensor Call(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null) throw new ArgumentException($"TextVectorization: text {i} is null.", nameof(texts));
        }
        return Invoke([Tensor.FromArray(texts.ToArray())], training: false);
    }

    /// <summary>Vectorizes a string tensor of texts, (n,) or (n, 1): Int64 (n, length) indices in "int" mode, else Float32 (n, vocabulary size); the vector modes need a vocabulary first.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        string[] texts = Texts(inputs, $"TextVectorization '{Name}'", read: false);
        if (!IsInt && !Adapted)
        {
            throw new InvalidOperationException($"TextVectorization: outputMode \"{OutputMode}\" needs a vocabulary before the layer is called: call Adapt on sample texts, or pass a vocabulary.");
        }
        int n = inputs.Shape[0];
        if (IsInt && OutputSequenceLength is null)
        {
            // The output is as long as the longest text: its shape is read from the texts, on the host.
            int[][] indices = Texts(inputs, Name).Select(Indices).ToArray();
            return Sequences(indices, indices.Length == 0 ? 0 : indices.Max(s => s.Length));
        }
        return Ops.Run(_kernel, IsInt ? Shape.Own([n, OutputSequenceLength!.Value]) : Shape.Own([n, Depth]), IsInt ? DType.Int64 : DType.Float32, inputs);
    }

    /// <summary>(None, outputSequenceLength) int64, (None, None) int64 when the length is the longest text's, (None, depth) float32 otherwise.</summary>
    private protected override (int[] Dims, DType DType)[]? OutputSignatures(IReadOnlyList<SymbolicTensor> inputs)
    {
        if (inputs.Count != 1) throw new ArgumentException($"TextVectorization '{Name}' takes one input, got {inputs.Count}.");
        SymbolicTensor input = inputs[0];
        if (input.DType != DType.String || !(input.Dims.Length == 1 || (input.Dims.Length == 2 && input.Dims[1] == 1)))
        {
            throw new ArgumentException($"TextVectorization '{Name}' takes texts of shape (None,) or (None, 1) and dtype string, got {SymbolicTensor.FormatShape(input.Dims)} {input.DType.Name()} (declare the model input as new Input(shape: [1], dtype: DType.String)).");
        }
        return IsInt ? [([-1, OutputSequenceLength ?? -1], DType.Int64)] : [([-1, Depth], DType.Float32)];
    }

    /// <summary>The kernel: each text's indices, or its vector, written over the whole output (a planned buffer holds the last step's values).</summary>
    private void Encode(Tensor input, Tensor output)
    {
        ReadOnlySpan<string> texts = input.Data<string>();
        if (IsInt)
        {
            Span<long> values = output.Span<long>();
            int length = output.Shape[1];
            values.Clear();
            for (int i = 0; i < texts.Length; i++) WriteSequence(Indices(texts[i]), values.Slice(i * length, length));
        }
        else
        {
            Span<float> values = output.Span<float>();
            int depth = output.Shape[1];
            values.Clear();
            for (int i = 0; i < texts.Length; i++) WriteVector(Indices(texts[i]), values.Slice(i * depth, depth));
        }
    }

    /// <summary>
    /// The texts of a string tensor of shape (n,) or (n, 1); with <paramref name="read"/> false only checked (a
    /// kernel reads them, so a compiled step may replay the call).
    /// </summary>
    private static string[] Texts(Tensor texts, string what, bool read = true)
    {
        if (texts.DType != DType.String || !(texts.Rank == 1 || (texts.Rank == 2 && texts.Shape[1] == 1)))
        {
            throw new ArgumentException($"{what}: expected texts, a string tensor of shape (n,) or (n, 1), got {texts.Shape} {texts.DType.Name()}.");
        }
        return read ? texts.ToArray<string>() : [];
    }

    /// <summary>One text's tokens: standardized, split, and its n-grams when asked.</summary>
    private List<string> Tokens(string text)
    {
        List<string> tokens = Tokenization.Split(TextStandardization.Apply(text, Standardize), Split);
        return _ngrams.Length == 0 ? tokens : Tokenization.NGrams(tokens, _ngrams);
    }

    /// <summary>One text's token indices in the vocabulary.</summary>
    private int[] Indices(string text) => Tokens(text).Select(_vocabulary.IndexOf).ToArray();

    /// <summary>"int" mode's width: each row the columns of a vector mode.</summary>
    private int Depth => PadToMaxTokens ? MaxTokens!.Value : VocabularySize();

    /// <summary>"int", as long as the longest text: the indices, padded with 0 after them.</summary>
    private static Tensor Sequences(int[][] indices, int length)
    {
        var values = new long[indices.Length * length];
        for (int i = 0; i < indices.Length; i++) WriteSequence(indices[i], values.AsSpan(i * length, length));
        return Tensor.FromArray(values, indices.Length, length);
    }

    /// <summary>One text's indices into a zeroed row: cut to the row's length, the rest left 0 (padding).</summary>
    private static void WriteSequence(int[] indices, Span<long> row)
    {
        for (int j = 0; j < Math.Min(row.Length, indices.Length); j++) row[j] = indices[j];
    }

    /// <summary>Into a zeroed row: "multi_hot" (1 where a token occurs), "count" (how often), "tf_idf" (the count times the index's weight).</summary>
    private void WriteVector(int[] indices, Span<float> row)
    {
        foreach (int index in indices) row[index] = OutputMode == "multi_hot" ? 1f : row[index] + 1f;
        if (TfIdf)
        {
            for (int k = 0; k < row.Length; k++) row[k] *= _vocabulary.IdfWeights![k];
        }
    }

    /// <summary>The arguments that rebuild the layer, Keras's names; the vocabulary (special tokens first) and TF-IDF weights once set.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["max_tokens"] = MaxTokens;
        config["standardize"] = Standardize;
        config["split"] = Split;
        config["ngrams"] = NGrams;
        config["output_mode"] = OutputMode;
        config["output_sequence_length"] = OutputSequenceLength;
        config["pad_to_max_tokens"] = PadToMaxTokens;
        config["vocabulary"] = Adapted ? _vocabulary.Tokens : null;
        config["idf_weights"] = IdfWeights;
        return config;
    }

    private static string Quoted(string[] values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}
