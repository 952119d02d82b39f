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

        Offset(xTrain, startChar, indexFrom);
        Offset(xTest, startChar, indexFrom);

        if (maxLen is int limit && limit != 0)
        {
            (xTrain, yTrain) = Shorter(xTrain, yTrain, limit);
            (xTest, yTest) = Shorter(xTest, yTest, limit);
            if (xTrain.Length == 0 || xTest.Length == 0)
            {
                throw new ArgumentException(
                    $"After filtering for sequences shorter than maxLen={limit}, no sequence was kept " +
                    $"({xTrain.Length} training and {xTest.Length} test sequences remain). Increase maxLen.", nameof(maxLen));
            }
        }

        // Keras: `if not num_words: num_words = max(...)`; values must be < num_words to stay, so
        // with the default the single largest value itself becomes oov_char.
        int limitWords = numWords is int n && n != 0 ? n : Math.Max(LargestValue(xTrain), LargestValue(xTest));
        Restrict(xTrain, skipTop, limitWords, oovChar);
        Restrict(xTest, skipTop, limitWords, oovChar);
        return ((xTrain, yTrain), (xTest, yTest));
    }

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

    /// <summary>Replaces each sequence by a new one: [startChar] + (value + indexFrom), or a plain copy.</summary>
    private static void Offset(int[][] x, int? startChar, int indexFrom)
    {
        int lead = startChar is null ? 0 : 1;
        for (int i = 0; i < x.Length; i++)
        {
            int[] source = x[i];
            var target = new int[source.Length + lead];
            if (startChar is int start) target[0] = start;
            for (int j = 0; j < source.Length; j++) target[j + lead] = source[j] + indexFrom;
            x[i] = target;
        }
    }

    /// <summary>Keras's remove_long_seq: keeps the sequences strictly shorter than maxLen.</summary>
    private static (int[][] X, long[] Y) Shorter(int[][] x, long[] y, int maxLen)
    {
        var xs = new List<int[]>(x.Length);
        var ys = new List<long>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i].Length < maxLen)
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }
        return ([.. xs], [.. ys]);
    }

    private static int LargestValue(int[][] x)
    {
        int largest = int.MinValue;
        foreach (int[] sequence in x)
        {
            foreach (int value in sequence) largest = Math.Max(largest, value);
        }
        return largest;
    }

    private static void Restrict(int[][] x, int skipTop, int numWords, int? oovChar)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int[] sequence = x[i];
            if (oovChar is int oov)
            {
                for (int j = 0; j < sequence.Length; j++)
                {
                    if (sequence[j] < skipTop || sequence[j] >= numWords) sequence[j] = oov;
                }
            }
            else
            {
                x[i] = Array.FindAll(sequence, w => w >= skipTop && w < numWords);
            }
        }
    }
}
