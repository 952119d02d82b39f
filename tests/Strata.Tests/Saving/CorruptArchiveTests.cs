using System.IO.Compression;
using System.Text;
using Strata.Datasets;
using Strata.Saving;

namespace Strata.Tests.Saving;

/// <summary>Damaged or foreign files: an InvalidDataException naming the file and the problem.</summary>
public sealed class CorruptArchiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strata-corrupt-").FullName;
    private readonly string _path;

    public CorruptArchiveTests()
    {
        _path = Path.Combine(_dir, "model.strata");
        ModelArchive.Write(_path, ModelArchiveTests.Config, ModelArchiveTests.SampleWeights());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Fails(params string[] fragments)
    {
        foreach (var read in new Action[] { () => ModelArchive.Read(_path), () => ModelArchive.ReadWeights(_path) })
        {
            var ex = Assert.Throws<InvalidDataException>(read);
            Assert.Contains(_path, ex.Message);
            foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        }
    }

    /// <summary>Changes the archive with a valid zip writer (so CRCs stay right and only the content is wrong).</summary>
    private void Edit(Action<ZipArchive> edit)
    {
        using var zip = ZipFile.Open(_path, ZipArchiveMode.Update);
        edit(zip);
    }

    private static void Replace(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)?.Delete();
        using var s = zip.CreateEntry(name).Open();
        s.Write(content);
    }

    private static string Text(ZipArchive zip, string name) => Encoding.UTF8.GetString(ModelArchiveTests.Read(zip, name));

    [Fact]
    public void TruncatedFile()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(_path, bytes[..(bytes.Length / 2)]);
        Fails("not a zip archive, or a truncated one");
    }

    [Fact]
    public void FlippedByteInAWeight_FailsTheCrcCheck()
    {
        // The kernel holds 1234.5f; weights are stored uncompressed, so its bytes appear verbatim.
        byte[] bytes = File.ReadAllBytes(_path);
        int at = bytes.AsSpan().IndexOf(BitConverter.GetBytes(1234.5f));
        Assert.True(at > 0);
        bytes[at] ^= 0x01;
        File.WriteAllBytes(_path, bytes);
        Fails("weights/0.npy", "CRC");
    }

    [Fact]
    public void GarbageBytes_AndAnEmptyFile()
    {
        File.WriteAllBytes(_path, Encoding.ASCII.GetBytes("this is not a model, just some text that goes on for a while"));
        Fails("not a zip");
        File.WriteAllBytes(_path, []);
        Fails("not a zip");
    }

    [Fact]
    public void AMissingFile_IsNamed()
    {
        string missing = Path.Combine(_dir, "nope.strata");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => ModelArchive.Read(missing)).Message);
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => ModelArchive.ReadWeights(missing)).Message);
    }

    [Fact]
    public void NoConfig()
    {
        Edit(zip => zip.GetEntry("config.json")!.Delete());
        var ex = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(_path));
        Assert.Contains(_path, ex.Message);
        Assert.Contains("config.json", ex.Message);
        Assert.Equal(7, ModelArchive.ReadWeights(_path).Count); // the weights are still readable
    }

    [Fact]
    public void InvalidConfig()
    {
        Edit(zip => Replace(zip, "config.json", "{\"layers\": ["u8.ToArray()));
        var ex = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(_path));
        Assert.Contains("config.json is not valid JSON", ex.Message);
    }

    [Fact]
    public void NoIndex()
    {
        Edit(zip => zip.GetEntry("weights/index.json")!.Delete());
        Fails("weights/index.json");
    }

    [Fact]
    public void NoMetadata_MeansNotAStrataFile()
    {
        Edit(zip => zip.GetEntry("metadata.json")!.Delete());
        Fails("no metadata.json");
    }

    [Fact]
    public void WrongFormatName()
    {
        Edit(zip => Replace(zip, "metadata.json", """{"format": "keras", "version": 1}"""u8.ToArray()));
        Fails("'keras'", "strata.model");
    }

    [Fact]
    public void NewerVersion_SaysSo()
    {
        Edit(zip => Replace(zip, "metadata.json", """{"format": "strata.model", "version": 2, "strata_version": "9.0.0"}"""u8.ToArray()));
        Fails("newer Strata (Strata 9.0.0)", "format version 2", "Update Strata");
    }

    [Theory]
    [InlineData("\"version\": 0")]
    [InlineData("\"version\": \"1\"")]
    [InlineData("\"nothing\": 1")]
    public void InvalidVersion(string versionJson)
    {
        Edit(zip => Replace(zip, "metadata.json", Encoding.UTF8.GetBytes($$"""{"format": "strata.model", {{versionJson}}}""")));
        Fails("version");
    }

    [Fact]
    public void IndexAndNpyDisagreeOnShape()
    {
        Edit(zip => Replace(zip, "weights/index.json", Encoding.UTF8.GetBytes(Text(zip, "weights/index.json").Replace("\"shape\": [\n      2,\n      3\n    ]", "\"shape\": [3, 2]"))));
        Fails("'dense/kernel'", "float32 (3, 2)", "float32 (2, 3)", "weights/0.npy");
    }

    [Fact]
    public void IndexAndNpyDisagreeOnDtype()
    {
        Edit(zip => Replace(zip, "weights/0.npy", NpyOf(Tensor.FromArray(new int[6], 2, 3))));
        Fails("'dense/kernel'", "float32 (2, 3)", "int32 (2, 3)");
    }

    [Fact]
    public void IndexNamesAMissingEntry()
    {
        Edit(zip => zip.GetEntry("weights/2.npy")!.Delete());
        Fails("weights/2.npy", "'counter'", "no such entry");
    }

    [Theory]
    [InlineData("[{\"name\": \"w\", \"shape\": [2], \"dtype\": \"float32\"}]", "\"file\"")]
    [InlineData("[{\"name\": \"w\", \"shape\": [-2], \"dtype\": \"float32\", \"file\": \"weights/0.npy\"}]", "invalid shape")]
    [InlineData("[{\"name\": \"w\", \"shape\": [\"2\"], \"dtype\": \"float32\", \"file\": \"weights/0.npy\"}]", "invalid shape")]
    [InlineData("[{\"shape\": [2], \"dtype\": \"float32\", \"file\": \"weights/0.npy\"}]", "\"name\"")]
    [InlineData("[{\"name\": \"w\", \"dtype\": \"float32\", \"file\": \"weights/0.npy\"}]", "\"shape\"")]
    [InlineData("[1]", "entry 0 of weights/index.json is not a JSON object")]
    [InlineData("{}", "not a JSON array")]
    [InlineData("[", "not valid JSON")]
    public void MalformedIndex(string index, string fragment)
    {
        Edit(zip => Replace(zip, "weights/index.json", Encoding.UTF8.GetBytes(index)));
        Fails(fragment);
    }

    [Fact]
    public void AMalformedNpyEntry_NamesTheArchiveAndTheEntry()
    {
        Edit(zip => Replace(zip, "weights/1.npy", NpyOf(Tensor.FromArray(new[] { 1f, 2f, 3f }))[..^4]));
        Fails("[weights/1.npy]", "truncated");
    }

    private static byte[] NpyOf(Tensor t)
    {
        var s = new MemoryStream();
        Npy.Write(s, t);
        return s.ToArray();
    }
}
