namespace Strata.Datasets;

/// <summary>
/// The four arrays of Keras's imdb.npz as stored: each review as its word ranks (1 = "the"; no
/// start marker, no offset), labels 1 = positive, 0 = negative. <see cref="KerasLoad"/> turns them
/// into what <c>keras.datasets.imdb.load_data()</c> returns.
/// </summary>
internal sealed class ImdbArrays
{
    public int[][] XTrain { get; }
    public long[] YTrain { get; }
    public int[][] XTest { get; }
    public long[] YTest { get; }

    public ImdbArrays(int[][] xTrain, long[] yTrain, int[][] xTest, long[] yTest, string source)
    {
        if (xTrain.Length != yTrain.Length || xTest.Length != yTest.Length)
        {
            throw new InvalidDataException(
                $"{source}: the IMDB arrays do not match: x_train has {xTrain.Length} reviews and y_train {yTrain.Length} labels; " +
                $"x_test has {xTest.Length} reviews and y_test {yTest.Length} labels.");
        }
        XTrain = xTrain;
        YTrain = yTrain;
        XTest = xTest;
        YTest = yTest;
    }

    /// <summary>
    /// Keras's load_data processing, step for step: shuffle train then test with one
    /// RandomState(seed); prepend startChar and add indexFrom; drop sequences of maxLen or more
    /// values; then replace values outside [skipTop, numWords) by oovChar (or drop them when
    /// oovChar is null). As in Keras, a numWords of null or 0 means the largest value present, and
    /// a maxLen of null or 0 keeps every sequence.
    /// </summary>
    public ((int[][] X, long[] Y) Train, (int[][] X, long[] Y) Test) KerasLoad(
        int? numWords, int skipTop, int? maxLen, int seed, int? startChar, int? oovChar, int indexFrom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        var rng = new NumpyRandomState((uint)seed);
        var (xTrain, yTrain) = Shuffled(XTrain, YTrain, rng);
        var (xTest, yTest) = Shuffled(XTest, YTest, rng);

        xTrain = WordSequences.Offset(xTrain, startChar, indexFrom);
        xTest = WordSequences.Offset(xTest, startChar, indexFrom);

        if (maxLen is int limit && limit != 0)
        {
            (xTrain, yTrain) = WordSequences.RemoveLong(limit, xTrain, yTrain);
            (xTest, yTest) = WordSequences.RemoveLong(limit, xTest, yTest);
            if (xTrain.Length == 0 || xTest.Length == 0)
            {
                throw new ArgumentException(
                    $"After filtering for sequences shorter than maxLen={limit}, no sequence was kept " +
                    $"({xTrain.Length} training and {xTest.Length} test sequences remain). Increase maxLen.", nameof(maxLen));
            }
        }

        // Keras: `if not num_words: num_words = max(...)` over train and test together; values must be
        // < num_words to stay, so with the default the single largest value itself becomes oov_char.
        int limitWords = numWords is int n && n != 0 ? n : Math.Max(LargestValue(xTrain), LargestValue(xTest));
        xTrain = WordSequences.LimitVocabulary(xTrain, limitWords, skipTop, oovChar);
        xTest = WordSequences.LimitVocabulary(xTest, limitWords, skipTop, oovChar);
        return ((xTrain, yTrain), (xTest, yTest));
    }

    private static int LargestValue(int[][] x) => x.Max(s => s.Length == 0 ? int.MinValue : s.Max());

    private static (int[][] X, long[] Y) Shuffled(int[][] x, long[] y, NumpyRandomState rng)
    {
        int[] indices = rng.Permutation(x.Length);
        var xs = new int[x.Length][];
        var ys = new long[y.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            xs[i] = x[indices[i]];
            ys[i] = y[indices[i]];
        }
        return (xs, ys);
    }
}
