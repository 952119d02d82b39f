namespace Strata.Datasets;

/// <summary>
/// Reads Keras's own imdb.npz: <c>x_train</c>/<c>x_test</c> are pickled object arrays of int
/// lists (word ranks as stored), <c>y_train</c>/<c>y_test</c> int64 labels.
/// </summary>
internal static class ImdbNpz
{
    public static ImdbArrays Read(string path)
    {
        NpzFile npz = Npz.Load(path);
        return new ImdbArrays(npz.Sequences("x_train"), Labels(npz["y_train"]), npz.Sequences("x_test"), Labels(npz["y_test"]), $"'{path}'");
    }

    /// <summary>A label tensor as int64 values (whatever integer dtype the file used).</summary>
    internal static long[] Labels(Tensor y) => y.AsType(DType.Int64).ToArray<long>();
}
