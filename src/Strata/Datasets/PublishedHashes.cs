namespace Strata.Datasets;

/// <summary>
/// The hashes published for the dataset files Strata reads, by path relative to a dataset folder: Keras's
/// loaders' <c>file_hash</c> (sha256, or md5 for 32 hex digits), the original MNIST files' md5, the
/// datasets README's sha256 of its copies, and Debian's md5sums for dataset-fashion-mnist (same content
/// as Keras's files, another gzip header). A file matches when it has any of its hashes; the first is
/// what a download from Keras must match.
/// </summary>
internal static class PublishedHashes
{
    private static readonly Dictionary<string, string[]> Known = new()
    {
        ["mnist.npz"] = ["731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", "8a61469f7ea1b51cbae51d4f78837e45"],
        ["mnist-idx/train-images-idx3-ubyte.gz"] = ["f68b3c2dcbeaaa9fbdd348bbdeb94873", "3d1d0dac36318e8ba3fce95c36a0767bced6f6c8a7ed6bdb876e84d95019e339"],
        ["mnist-idx/train-labels-idx1-ubyte.gz"] = ["d53e105ee54ea40749a09fcbcd1e9432"],
        ["mnist-idx/t10k-images-idx3-ubyte.gz"] = ["9fb629c4189551a2d022fa330f9573f3"],
        ["mnist-idx/t10k-labels-idx1-ubyte.gz"] = ["ec29112dd5afa0611ce80d1b7f02629c"],
        ["fashion-mnist/train-labels-idx1-ubyte.gz"] = ["a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", "10bea18fdb374794d4bb42e356e600c9"],
        ["fashion-mnist/train-images-idx3-ubyte.gz"] = ["3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", "cf8536b0aa1a6ac5fa3f23001093305c"],
        ["fashion-mnist/t10k-labels-idx1-ubyte.gz"] = ["67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", "0d30e22e447f3c33dab9ed536400ac01"],
        ["fashion-mnist/t10k-images-idx3-ubyte.gz"] = ["346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", "f78720b4224f21cce2f2ccf2d7a94c9a"],
        ["imdb.npz"] = ["69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f", "599dadb1135973df5b59232a0e9a887c"],
        ["imdb_word_index.json"] = ["bfafd718b763782e994055a2d397834f"],
        ["aclImdb/aclImdb-train.tsv.gz"] = ["81127ad1e21cb33483fe63121c3fc97c9cfe86005349ae4b472cdeb21ee464b0"],
        ["aclImdb/aclImdb-test.tsv.gz"] = ["96037939e9ffc0be33cd1f8f63fbc57b4935e0ed0539a4ee74aa708fd4b45f81"],
        ["reuters.npz"] = ["d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916", "87aedbeb0cb229e378797a632c1997b6"],
        ["reuters_word_index.json"] = ["4d44cc38712099c9e383dc6e5f11a921", "9b56000edc4b34a32e89fd5a23b2605594682c74efcf7d8f4e2a5514b771e633"],
        ["boston_housing.npz"] = ["f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"],
    };

    /// <summary>The hashes of the file at <paramref name="relativePath"/> ('/' or the platform's separator), or none.</summary>
    public static IReadOnlyList<string> Of(string relativePath) =>
        Known.TryGetValue(relativePath.Replace(Path.DirectorySeparatorChar, '/'), out string[]? hashes) ? hashes : [];

    /// <summary>The hash a download of <paramref name="relativePath"/> from Keras must have.</summary>
    public static string ForDownload(string relativePath) =>
        Of(relativePath) is [string first, ..] ? first : throw new InvalidOperationException($"No published hash for '{relativePath}'.");
}
