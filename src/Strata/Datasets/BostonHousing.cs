namespace Strata.Datasets;

/// <summary>
/// The Boston housing regression dataset, as <c>keras.datasets.boston_housing</c>: 506 districts,
/// 13 features and the median home value in k$, shuffled with numpy's RandomState(seed) and split
/// into 404 training and 102 test rows. Float64 is narrowed to Float32.
/// </summary>
public static class BostonHousing
{
    private const string Url = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz";

    /// <summary>Loads boston_housing.npz: features (n, 13) and targets (n), Float32.</summary>
    /// <param name="testSplit">The fraction of rows in the test set, in [0, 1).</param>
    /// <param name="seed">The seed of numpy's RandomState that shuffles the rows before the split.</param>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData(float testSplit = 0.2f, int seed = 113)
    {
        if (!(testSplit is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(testSplit), testSplit, "BostonHousing.LoadData: testSplit must be between 0 and 1 (exclusive of 1), as in Keras.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(seed);

        NpzFile file = Npz.Load(DatasetFiles.Get("boston_housing.npz", Url, PublishedHashes.ForDownload("boston_housing.npz")));
        Tensor x = file["x"], y = file["y"];
        if (x.Rank != 2 || y.Rank != 1 || x.Shape[0] != y.Shape[0])
        {
            throw new InvalidDataException($"'{file.Path}': expected x (n, features) and y (n), got x {x.Shape} and y {y.Shape}.");
        }
        int rows = x.Shape[0], features = x.Shape[1];
        float[] xs = x.AsType(DType.Float32).ToArray<float>(), ys = y.AsType(DType.Float32).ToArray<float>();

        int[] order = new NumpyRandomState((uint)seed).Permutation(rows);
        var shuffledX = new float[xs.Length];
        var shuffledY = new float[ys.Length];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(xs, order[r] * features, shuffledX, r * features, features);
            shuffledY[r] = ys[order[r]];
        }

        int train = DatasetSplit.TrainCount(rows, testSplit);
        return ((Tensor.FromArray(shuffledX[..(train * features)], train, features), Tensor.FromArray(shuffledY[..train], train)),
                (Tensor.FromArray(shuffledX[(train * features)..], rows - train, features), Tensor.FromArray(shuffledY[train..], rows - train)));
    }
}
