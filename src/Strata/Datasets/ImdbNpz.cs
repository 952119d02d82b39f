namespace Strata.Datasets;

/// <summary>
/// Reads Keras's own imdb.npz: <c>x_train</c>/<c>x_test</c> are pickled object arrays of int
/// lists (word ranks as stored), <c>y_train</c>/<c>y_test</c> int64 labels.
/// </summary>
internal static class ImdbNpz
{
    /// <summary>
    /// Reads the four arrays of an .npz file: (x_train, y_train, x_test, y_test). A seam until the
    /// Npz reader (formats branch) is merged; the merge sets it to
    /// <c>path =&gt; { var npz = Npz.Load(path); return (npz.Sequences("x_train"), Labels(npz["y_train"]), npz.Sequences("x_test"), Labels(npz["y_test"])); }</c>.
    /// </summary>
    internal static Func<string, (int[][] XTrain, long[] YTrain, int[][] XTest, long[] YTest)>? Reader { get; set; }

    public static ImdbArrays Read(string path)
    {
        if (Reader is null)
        {
            throw new NotSupportedException(
                $"'{path}' is Keras's imdb.npz, but this build of Strata has no .npz reader yet. Remove or rename it to build the " +
                "same arrays from the raw reviews (aclImdb/aclImdb-{train,test}.tsv.gz or the aclImdb/ folders) and imdb_word_index.json.");
        }
        var (xTrain, yTrain, xTest, yTest) = Reader(path);
        return new ImdbArrays(xTrain, yTrain, xTest, yTest, $"'{path}'");
    }

    /// <summary>A label tensor as int64 values (whatever integer dtype the file used).</summary>
    internal static long[] Labels(Tensor y) => y.AsType(DType.Int64).ToArray<long>();
}
