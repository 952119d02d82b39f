namespace Strata.Datasets;

/// <summary>
/// The MNIST digits, as keras.datasets.mnist: UInt8 images (60000, 28, 28) and (10000, 28, 28),
/// UInt8 labels 0..9. Read from Keras's mnist.npz when present, else from the four original
/// IDX files (in a "mnist-idx" folder), else downloaded as mnist.npz.
/// </summary>
/// <example>
/// <code>
/// var ((trainImages, trainLabels), (testImages, testLabels)) = Mnist.LoadData();
/// Tensor x = trainImages.Reshape(60000, 28 * 28).AsType(DType.Float32) / 255f;
/// </code>
/// </example>
public static class Mnist
{
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";

    /// <summary>
    /// ((xTrain, yTrain), (xTest, yTest)): uint8 images (60000, 28, 28) and (10000, 28, 28), uint8 labels
    /// 0..9, as keras.datasets.mnist.load_data().
    /// </summary>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData()
    {
        if (DatasetFiles.Find(["mnist.npz"]) is string npz) return FromNpz(npz);
        string?[] idx = [.. IdxFiles.Names.Select(n => DatasetFiles.Find(["mnist-idx/" + n]))];
        if (idx.All(path => path is not null)) return IdxFiles.Load(idx!);
        return FromNpz(DatasetFiles.Get("mnist.npz", Origin, PublishedHashes.ForDownload("mnist.npz")));
    }

    private static ((Tensor, Tensor), (Tensor, Tensor)) FromNpz(string path)
    {
        NpzFile f = Npz.Load(path);
        return ((f["x_train"], f["y_train"]), (f["x_test"], f["y_test"]));
    }
}

/// <summary>
/// Fashion-MNIST, as keras.datasets.fashion_mnist: the same layout as MNIST (10 clothing classes).
/// Read from a "fashion-mnist" folder under the dataset roots, Debian's package
/// dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), else downloaded from Keras's URLs.
/// </summary>
public static class FashionMnist
{
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /// <summary>Debian's folder, searched after STRATA_DATASETS and ~/.keras/datasets.</summary>
    public const string DebianFolder = "/usr/share/datasets";

    /// <summary>
    /// ((xTrain, yTrain), (xTest, yTest)): uint8 images (60000, 28, 28) and (10000, 28, 28), uint8 labels
    /// 0..9, as keras.datasets.fashion_mnist.load_data().
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is neither found nor downloadable.</exception>
    public static ((Tensor X, Tensor Y) Train, (Tensor X, Tensor Y) Test) LoadData()
    {
        try
        {
            string[] paths = IdxFiles.Names.Select(name => Path.Combine("fashion-mnist", name))
                .Select(file => DatasetFiles.Get(file, Origin + Path.GetFileName(file), PublishedHashes.ForDownload(file), [DebianFolder])).ToArray();
            return IdxFiles.Load(paths);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"{e.Message} On Debian or Ubuntu: apt-get install -y dataset-fashion-mnist.", e.FileName, e);
        }
    }
}

/// <summary>The four IDX files of MNIST-like datasets, in Keras's order.</summary>
internal static class IdxFiles
{
    public static readonly string[] Names =
    [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    ];

    public static ((Tensor, Tensor), (Tensor, Tensor)) Load(string[] paths) =>
        ((Idx.Read(paths[0]), Idx.Read(paths[1])), (Idx.Read(paths[2]), Idx.Read(paths[3])));
}
