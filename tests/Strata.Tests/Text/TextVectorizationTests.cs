using Strata.Layers;

namespace Strata.Tests.Text;

/// <summary>TextVectorization against Keras's documented examples and behaviour, and hand-computed vectors.</summary>
public class TextVectorizationTests
{
    [Fact]
    public void KerasDocumentationExampleWithAdapt()
    {
        // keras.layers.TextVectorization's docstring: adapt on three texts, then two texts padded to 4.
        var vectorize = new TextVectorization(maxTokens: 5000, outputMode: "int", outputSequenceLength: 4);
        vectorize.Adapt(["foo bar", "bar baz", "baz bada boom"]);
        Tensor tokens = vectorize.Call(["foo qux bar", "qux baz"]);
        Assert.Equal(DType.Int64, tokens.DType);
        Assert.Equal(new Shape(2, 4), tokens.Shape);
        Assert.Equal(new long[] { 4, 1, 3, 0, 1, 2, 0, 0 }, tokens.ToArray<long>());
        // By count, ties broken by the tokens from high to low.
        Assert.Equal(["", "[UNK]", "baz", "bar", "foo", "boom", "bada"], vectorize.GetVocabulary());
        Assert.Equal(["baz", "bar", "foo", "boom", "bada"], vectorize.GetVocabulary(includeSpecialTokens: false));
        Assert.Equal(7, vectorize.VocabularySize());
    }

    [Fact]
    public void KerasDocumentationExampleWithAGivenVocabulary()
    {
        var vectorize = new TextVectorization(maxTokens: 5000, outputMode: "int", outputSequenceLength: 4, vocabulary: ["earth", "wind", "and", "fire"]);
        Assert.Equal(["", "[UNK]", "earth", "wind", "and", "fire"], vectorize.GetVocabulary());
        Assert.Equal(new long[] { 2, 3, 5, 0 }, vectorize.Call(["Earth, wind & fire!"]).ToArray<long>()); // "&" is stripped to nothing
        Assert.Throws<InvalidOperationException>(() => vectorize.Adapt(["earth"]));
    }

    [Fact]
    public void StandardizesLowercasingAsciiAndStrippingAsciiPunctuation()
    {
        // Apostrophes and hyphens are punctuation to Keras; only ASCII letters are lowercased (tf.strings.lower).
        var vectorize = new TextVectorization(vocabulary: ["its", "dont", "cafÉ", "Über", "ab"]);
        Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, vectorize.Call(["IT'S Don't CAFÉ Über A-b"]).ToArray<long>());
        Assert.Equal(new long[] { 1, 1 }, vectorize.Call(["café über"]).ToArray<long>());
    }

    [Fact]
    public void SplitsOnRunsOfWhitespaceAndMakesNGramsWidthByWidth()
    {
        var vectorize = new TextVectorization(standardize: null, ngrams: 2, outputMode: "int");
        vectorize.Adapt(["  the cat\tsat \n", "the cat"]);
        // Unigrams then bigrams: "the cat" and "the"/"cat" occur twice, the rest once.
        Assert.Equal(["", "[UNK]", "the cat", "the", "cat", "sat", "cat sat"], vectorize.GetVocabulary());
        Assert.Equal(new long[] { 3, 4, 5, 2, 6, 1, 0, 0, 0, 0 }, vectorize.Call(["the cat sat", "dog"]).ToArray<long>());
        var characters = new TextVectorization(standardize: null, split: "character", vocabulary: ["a", "é"]);
        Assert.Equal(new long[] { 2, 3, 1 }, characters.Call(["aéb"]).ToArray<long>());
    }

    [Fact]
    public void MaxTokensCountsTheSpecialTokens()
    {
        var vectorize = new TextVectorization(maxTokens: 4);
        vectorize.Adapt(["a a a b b c d"]);
        Assert.Equal(["", "[UNK]", "a", "b"], vectorize.GetVocabulary());
        var hot = new TextVectorization(maxTokens: 4, outputMode: "multi_hot");
        hot.Adapt(["a a a b b c d"]);
        Assert.Equal(["[UNK]", "a", "b", "d"], hot.GetVocabulary()); // "d" and "c" tie: the higher one wins
    }

    [Fact]
    public void MultiHotCountAndTfIdfVectors()
    {
        string[] corpus = ["the cat sat", "the cat", "the dog the dog"];
        var hot = new TextVectorization(outputMode: "multi_hot");
        hot.Adapt(corpus);
        Assert.Equal(["[UNK]", "the", "dog", "cat", "sat"], hot.GetVocabulary());
        Assert.Equal(new float[] { 1, 1, 0, 0, 1, 0, 0, 1, 0, 0 }, hot.Call(["the bird sat", "dog"]).ToArray<float>());

        var count = new TextVectorization(outputMode: "count", vocabulary: ["the", "dog", "cat", "sat"]);
        Assert.Equal(new float[] { 1, 2, 2, 0, 0 }, count.Call(["the dog the dog bird"]).ToArray<float>());

        var tfidf = new TextVectorization(outputMode: "tf_idf");
        tfidf.Adapt(corpus);
        // idf = ln(1 + documents / (1 + documents holding the token)); "[UNK]" gets the mean of the others.
        double the = Math.Log(1 + 3.0 / 4), dog = Math.Log(1 + 3.0 / 2), cat = Math.Log(1 + 3.0 / 3), sat = Math.Log(1 + 3.0 / 2);
        double unknown = ((float)the + (float)dog + (float)cat + (float)sat) / 4;
        float[] row = tfidf.Call(["the dog the dog bird"]).ToArray<float>();
        Assert.Equal(new[] { (float)unknown, 2 * (float)the, 2 * (float)dog, 0f, 0f }, row);
    }

    [Fact]
    public void PaddingToMaxTokensAndTheLongestTextWithoutALength()
    {
        var hot = new TextVectorization(maxTokens: 6, outputMode: "multi_hot", padToMaxTokens: true, vocabulary: ["x"]);
        Assert.Equal(new Shape(1, 6), hot.Call(["x"]).Shape);
        var ints = new TextVectorization(vocabulary: ["x", "y"]);
        Tensor t = ints.Call(["x y x", "y"]);
        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Equal(new long[] { 2, 3, 2, 3, 0, 0 }, t.ToArray<long>());
    }

    [Fact]
    public void AdaptsOnABatchedDatasetAndMapsOne()
    {
        var texts = Dataset.FromEnumerable(new[] { "b a", "a", "c" });
        var vectorize = new TextVectorization(outputMode: "multi_hot");
        vectorize.Adapt(texts.Batch(2));
        Assert.Equal(["[UNK]", "a", "c", "b"], vectorize.GetVocabulary());
        var vectors = texts.Batch(2).Map(batch => vectorize.Call(batch)).ToList();
        Assert.Equal(new Shape(2, 4), vectors[0].Shape);
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 1, 0, 0 }, vectors[0].ToArray<float>());
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Contains("outputMode", Assert.Throws<ArgumentException>(() => new TextVectorization(outputMode: "words")).Message);
        Assert.Contains("outputSequenceLength", Assert.Throws<ArgumentException>(() => new TextVectorization(outputMode: "count", outputSequenceLength: 3)).Message);
        Assert.Contains("repeats \"a\"", Assert.Throws<ArgumentException>(() => new TextVectorization(vocabulary: ["a", "b", "a"])).Message);
        Assert.Contains("idfWeights", Assert.Throws<ArgumentException>(() => new TextVectorization(outputMode: "tf_idf", vocabulary: ["a"])).Message);
        Assert.Contains("Adapt", Assert.Throws<InvalidOperationException>(() => new TextVectorization(outputMode: "multi_hot").Call(["a"])).Message);
        Assert.Contains("maxTokens 3", Assert.Throws<ArgumentException>(() => new TextVectorization(maxTokens: 3, vocabulary: ["a", "b"])).Message);
    }
}
