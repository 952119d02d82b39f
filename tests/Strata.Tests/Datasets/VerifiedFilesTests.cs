using System.Security.Cryptography;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>Dataset files are checked against their published hashes on first use, once per file version.</summary>
public sealed class VerifiedFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Cache => Path.Combine(_temp.Path, "cache", "verified.tsv");

    private string WriteData(byte[] bytes)
    {
        string path = Path.Combine(_temp.Path, "data.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void AFileWithAnyPublishedHash_Passes_AnyOtherIsNamed()
    {
        byte[] bytes = [1, 2, 3, 4, 5];
        string path = WriteData(bytes);
        var files = new VerifiedFiles(Cache);
        files.Check(path, [Sha256(bytes)]);
        files.Check(path, [new string('0', 64), Convert.ToHexStringLower(MD5.HashData(bytes))]); // any of them

        var ex = Assert.Throws<InvalidDataException>(() => new VerifiedFiles(Cache).Check(path, [new string('a', 64)]));
        Assert.Contains($"'{path}' is not the published file", ex.Message);
        Assert.Contains(Sha256(bytes), ex.Message);
        Assert.Contains(new string('a', 64), ex.Message);
    }

    [Fact]
    public void AVerifiedFile_IsNotHashedAgain_UntilItsSizeOrTimeChanges()
    {
        byte[] bytes = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];
        string path = WriteData(bytes);
        string[] hashes = [Sha256(bytes)];
        new VerifiedFiles(Cache).Check(path, hashes);
        Assert.True(File.Exists(Cache));

        // Same size and time, other content: a fresh instance (as a new process) trusts the cache and does not hash.
        DateTime time = File.GetLastWriteTimeUtc(path);
        bytes[500] ^= 1;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);
        new VerifiedFiles(Cache).Check(path, hashes);

        // A new time: hashed again, and the change is found.
        File.SetLastWriteTimeUtc(path, time.AddSeconds(1));
        Assert.Throws<InvalidDataException>(() => new VerifiedFiles(Cache).Check(path, hashes));
    }

    [Fact]
    public void AnUnwritableCache_OnlyCostsHashingAgain()
    {
        byte[] bytes = [7, 7, 7];
        string path = WriteData(bytes);
        string blocked = Path.Combine(path, "cannot", "be", "here.tsv"); // under a file, so never creatable
        var files = new VerifiedFiles(blocked);
        files.Check(path, [Sha256(bytes)]);
        Assert.Throws<InvalidDataException>(() => files.Check(path, [new string('b', 64)]));
    }

    [Fact]
    public void TheSharedDatasets_AreThePublishedFiles()
    {
        string[] files = ["boston_housing.npz", "reuters.npz", "reuters_word_index.json", "imdb_word_index.json",
            "mnist-idx/train-images-idx3-ubyte.gz", "mnist-idx/train-labels-idx1-ubyte.gz", "mnist-idx/t10k-images-idx3-ubyte.gz",
            "mnist-idx/t10k-labels-idx1-ubyte.gz", "aclImdb/aclImdb-train.tsv.gz", "aclImdb/aclImdb-test.tsv.gz"];
        var verified = new VerifiedFiles(Cache);
        foreach (string file in files)
        {
            Assert.NotEmpty(PublishedHashes.Of(file));
            verified.Check(RealDatasets.Require(file), PublishedHashes.Of(file));
        }
    }
}
