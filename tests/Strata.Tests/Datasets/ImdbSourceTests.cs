using System.IO.Compression;
using System.Text;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>
/// IMDB's sources on small made-up files in a temporary folder: the TSV and the original folder
/// layout give the same arrays in imdb.npz's order, and every missing or corrupt input is a clear
/// error naming the file.
/// </summary>
public sealed class ImdbSourceTests : IDisposable
{
    private const string WordIndex = """{"the": 1, "movie": 2, "good": 3, "bad": 4, "br": 5, "it's": 6}""";

    private static readonly (string Split, string Name, int Label, string Text)[] Reviews =
    [
        ("train", "2_9.txt", 1, "The GOOD movie."),
        ("train", "10_7.txt", 1, "Good, good<br />movie!"),
        ("train", "1_1.txt", 0, "It's a bad movie"),
        ("train", "0_3.txt", 0, "bad\tbad"),
        ("test", "3_10.txt", 1, "the good unknownword movie"),
        ("test", "4_2.txt", 0, "BAD."),
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("strata-imdb-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ImdbArrays Load() => new ImdbSources([_root], download: false, verify: false).LoadArrays();

    private string Write(string relative, byte[] bytes)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    private static byte[] Gzip(byte[] data)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return stream.ToArray();
    }

    /// <summary>The TSV text of one split, rows as the README's files order them (label 0 first).</summary>
    private static string Tsv(string split) =>
        "file_name\tlabel\ttext\n" + string.Concat(Reviews.Where(r => r.Split == split).OrderBy(r => r.Label)
            .Select(r => $"{r.Name}\t{r.Label}\t{r.Text.Replace('\t', ' ')}\n"));

    private void WriteWordIndex() => Write("imdb_word_index.json", Encoding.UTF8.GetBytes(WordIndex));

    private void WriteTsvs(string? train = null, string? test = null)
    {
        WriteWordIndex();
        Write("aclImdb/aclImdb-train.tsv.gz", Gzip(train ?? Tsv("train")));
        Write("aclImdb/aclImdb-test.tsv.gz", Gzip(test ?? Tsv("test")));
    }

    private void AssertTheMadeUpArrays(ImdbArrays arrays)
    {
        // Positive first, then negative; by file name as a string ("10_7" before "2_9").
        Assert.Equal([[3, 3, 5, 2], [1, 3, 2], [4, 4], [6, 4, 2]], arrays.XTrain);
        Assert.Equal([1L, 1, 0, 0], arrays.YTrain);
        Assert.Equal([[1, 3, 2], [4]], arrays.XTest); // test-only words are left out
        Assert.Equal([1L, 0], arrays.YTest);
    }

    [Fact]
    public void Tsv_GivesTheArraysInNpzOrder()
    {
        WriteTsvs();
        AssertTheMadeUpArrays(Load());
    }

    [Fact]
    public void Folders_GiveTheSameArrays()
    {
        WriteWordIndex();
        foreach (var r in Reviews) Write(Path.Combine("aclImdb", r.Split, r.Label == 1 ? "pos" : "neg", r.Name), Encoding.UTF8.GetBytes(r.Text));
        AssertTheMadeUpArrays(Load());
    }

    [Fact]
    public void Npz_IsPreferred_WhenPresent()
    {
        WriteTsvs();
        static byte[] Objects(params int[][] sequences) => [.. new NpyHeader("|O", false, [sequences.Length]).ToBytes(), .. PickleBuilder.Sequences(sequences)];
        static byte[] Labels(params long[] labels)
        {
            using var stream = new MemoryStream();
            Npy.Write(stream, Tensor.FromArray(labels));
            return stream.ToArray();
        }
        NpzTests.WriteNpz(_root, "imdb.npz",
            ("x_train.npy", Objects([7, 8]), true), ("y_train.npy", Labels(1), false),
            ("x_test.npy", Objects([9]), true), ("y_test.npy", Labels(0), false));
        ImdbArrays arrays = Load();
        Assert.Equal([[7, 8]], arrays.XTrain);
        Assert.Equal([[9]], arrays.XTest);
        Assert.Equal([0L], arrays.YTest);

        NpzTests.WriteNpz(_root, "imdb.npz",
            ("x_train.npy", Objects([7, 8]), true), ("y_train.npy", Labels(1, 0), false),
            ("x_test.npy", Objects([9]), true), ("y_test.npy", Labels(0), false));
        Assert.Contains("x_train has 1 reviews and y_train 2 labels", Assert.Throws<InvalidDataException>(Load).Message);
    }

    [Fact]
    public void NothingThere_SaysWhatToPutWhere()
    {
        var e = Assert.Throws<FileNotFoundException>(Load);
        foreach (string expected in new[] { _root, "imdb.npz", "aclImdb-train.tsv.gz", "aclImdb-test.tsv.gz", "imdb_word_index.json", "aclImdb/train/{pos,neg}", "aclImdb_v1.tar.gz", "STRATA_DATASETS" })
        {
            Assert.Contains(expected, e.Message);
        }
    }

    [Fact]
    public void OnlyOneTsv_IsNamed()
    {
        WriteWordIndex();
        Write("aclImdb/aclImdb-train.tsv.gz", Gzip(Tsv("train")));
        var e = Assert.Throws<FileNotFoundException>(Load);
        Assert.Contains("aclImdb-test.tsv.gz' does not", e.Message);
    }

    [Fact]
    public void MissingWordIndex_IsNamed()
    {
        Write("aclImdb/aclImdb-train.tsv.gz", Gzip(Tsv("train")));
        Write("aclImdb/aclImdb-test.tsv.gz", Gzip(Tsv("test")));
        var e = Assert.Throws<FileNotFoundException>(Load);
        Assert.Contains("imdb_word_index.json", e.Message);
        Assert.Contains("imdb_word_index.json", e.FileName);
    }

    [Fact]
    public void CorruptWordIndex_IsNamed()
    {
        WriteTsvs();
        Write("imdb_word_index.json", "{\"the\": 1, \"movie\": "u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains("imdb_word_index.json", e.Message);
    }

    [Theory]
    [InlineData(4)]   // only the trailer's length is missing
    [InlineData(8)]   // the whole trailer
    [InlineData(30)]  // into the compressed data
    public void TruncatedGzip_IsAnError(int cut)
    {
        WriteTsvs();
        byte[] whole = Gzip(Tsv("test") + string.Concat(Enumerable.Repeat("9_9.txt\t0\tbad bad bad movie\n", 50)));
        string path = Write("aclImdb/aclImdb-test.tsv.gz", whole[..^cut]);
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void CorruptGzip_IsAnError()
    {
        WriteTsvs();
        byte[] bytes = Gzip(Tsv("train"));
        bytes[bytes.Length / 2] ^= 0x55;
        string path = Write("aclImdb/aclImdb-train.tsv.gz", bytes);
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void NotGzip_IsAnError()
    {
        WriteTsvs();
        string path = Write("aclImdb/aclImdb-train.tsv.gz", Encoding.UTF8.GetBytes(Tsv("train")));
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains(path, e.Message);
        Assert.Contains("not a gzip file", e.Message);
    }

    [Theory]
    [InlineData("0_1.txt\t0\n", "line 4", "found 2")]
    [InlineData("0_1.txt\n", "line 4", "found 1")]
    [InlineData("\n", "line 4", "found 1")]
    [InlineData("0_1.txt\t0\tbad\tmovie\n", "line 4", "found 4")]
    [InlineData("0_1.txt\t2\tbad\n", "line 4 (0_1.txt)", "found \"2\"")]
    [InlineData("0_1.txt\tpos\tbad\n", "line 4", "label must be 0 (negative) or 1 (positive)")]
    [InlineData("0_1.txt\t\tbad\n", "line 4", "found \"\"")]
    public void MalformedRow_IsAnError(string row, string where, string problem)
    {
        WriteTsvs(test: Tsv("test") + row);
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains("aclImdb-test.tsv.gz', " + where, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void WrongHeader_OrNoRows_IsAnError()
    {
        WriteTsvs(train: "name\tlabel\ttext\n2_9.txt\t1\tgood\n");
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains("line 1 must be the header", e.Message);

        WriteTsvs(train: "file_name\tlabel\ttext\n");
        e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains("holds no reviews", e.Message);
    }

    [Fact]
    public void InvalidUtf8_IsAnError()
    {
        WriteWordIndex();
        Write("aclImdb/aclImdb-train.tsv.gz", Gzip(Tsv("train")));
        byte[] test = [.. Encoding.UTF8.GetBytes("file_name\tlabel\ttext\n0_1.txt\t0\tbad "), 0xC3, 0x28, (byte)'\n'];
        Write("aclImdb/aclImdb-test.tsv.gz", Gzip(test));
        var e = Assert.Throws<InvalidDataException>(Load);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("not valid UTF-8", e.Message);
    }

    [Fact]
    public void LastRowWithoutNewline_IsRead()
    {
        WriteTsvs(test: Tsv("test").TrimEnd('\n'));
        AssertTheMadeUpArrays(Load());
    }

    [Fact]
    public void Crc32_IsGzips()
    {
        Assert.Equal(0xCBF43926u, Strata.Saving.Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Strata.Saving.Crc32.Compute([]));
    }
}
