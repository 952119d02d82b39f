using System.Security.Cryptography;
using System.Text;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>
/// The real dataset files for tests, found the way the loaders find them. A missing file fails the
/// test with what to do: a skipped test would hide that nothing was checked.
/// </summary>
internal static class RealDatasets
{
    public static string Require(string relativePath)
    {
        string? path = DatasetFiles.Find([relativePath]);
        if (path is null)
        {
            Assert.Fail(
                $"Dataset file '{relativePath}' was not found in {string.Join(", ", DatasetFiles.SearchRoots())}. " +
                "Set STRATA_DATASETS to the shared datasets folder (export STRATA_DATASETS=/work/shared/datasets; " +
                "its README lists every file) or copy the file Keras downloads into ~/.keras/datasets.");
        }
        return path!;
    }

    /// <summary>
    /// The checksum convention of the datasets README: each sequence as one line of space-separated
    /// decimals ended by "\n", sha256 of the whole, lowercase hex.
    /// </summary>
    public static string SequencesSha256<T>(IEnumerable<IEnumerable<T>> sequences)
    {
        var text = new StringBuilder();
        foreach (IEnumerable<T> sequence in sequences) text.Append(string.Join(' ', sequence)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text.ToString())));
    }

}
