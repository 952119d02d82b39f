using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Strata.Datasets;
using Strata.Saving;

namespace Strata.Tests.Saving;

/// <summary>Model archives: bit-for-bit round trips, the documented layout, and atomic writes.</summary>
public sealed class ModelArchiveTests : IDisposable
{
    internal readonly string Dir = Directory.CreateTempSubdirectory("strata-archive-").FullName;

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    internal string PathOf(string name) => Path.Combine(Dir, name);

    internal const string Config = """{"class_name": "Sequential", "config": {"name": "séquentiel ✓", "layers": []}}""";

    internal static List<(string Name, Tensor Value)> SampleWeights() =>
    [
        ("dense/kernel", Tensor.FromArray(new[] { float.NaN, BitConverter.Int32BitsToSingle(0x7FC00001), -0f, float.Epsilon, 1234.5f, -1e-30f }, 2, 3)),
        ("dense/bias", Tensor.FromArray(new[] { 0.25f, -0.5f, 1e30f })),
        ("counter", Tensor.Scalar(7L)),
        ("lookup", Tensor.FromArray(new[] { 1, -2, int.MaxValue, int.MinValue }, 2, 1, 2, 1)),
        ("mask", Tensor.FromArray(new[] { true, false, true }, 3)),
        ("pixels", Tensor.FromArray(new byte[] { 0, 128, 255 }, 1, 3)),
        ("empty", Tensor.Zeros(0, 4)),
    ];

    private static void AssertSameBits(IReadOnlyList<(string Name, Tensor Value)> expected, IReadOnlyList<(string Name, Tensor Value)> actual)
    {
        Assert.Equal(expected.Select(w => w.Name), actual.Select(w => w.Name));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Value.DType, actual[i].Value.DType);
            Assert.Equal(expected[i].Value.Shape, actual[i].Value.Shape);
            Assert.Equal(NpyBytes(expected[i].Value), NpyBytes(actual[i].Value));
        }
    }

    private static byte[] NpyBytes(Tensor t)
    {
        var s = new MemoryStream();
        Npy.Write(s, t);
        return s.ToArray();
    }

    [Fact]
    public void Model_RoundTrips_BitForBit()
    {
        string path = PathOf("model.strata");
        var weights = SampleWeights();
        ModelArchive.Write(path, Config, weights);
        var (config, back) = ModelArchive.Read(path);
        Assert.Equal(Config, config);
        AssertSameBits(weights, back);
        Assert.Equal(["model.strata"], Directory.GetFiles(Dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Weights_RoundTrip_AndAModelFileAlsoGivesItsWeights()
    {
        string weightsPath = PathOf("model.weights.strata"), modelPath = PathOf("model.strata");
        ModelArchive.WriteWeights(weightsPath, SampleWeights());
        AssertSameBits(SampleWeights(), ModelArchive.ReadWeights(weightsPath));
        ModelArchive.Write(modelPath, Config, SampleWeights());
        AssertSameBits(SampleWeights(), ModelArchive.ReadWeights(modelPath));
        var ex = Assert.Throws<InvalidDataException>(() => ModelArchive.Read(weightsPath));
        Assert.Contains(weightsPath, ex.Message);
        Assert.Contains("weights-only", ex.Message);
    }

    [Fact]
    public void NoWeights_RoundTrips()
    {
        string path = PathOf("empty.strata");
        ModelArchive.Write(path, "{}", []);
        var (config, weights) = ModelArchive.Read(path);
        Assert.Equal("{}", config);
        Assert.Empty(weights);
    }

    [Fact]
    public void Layout_IsAsDocumented()
    {
        string path = PathOf("model.strata");
        ModelArchive.Write(path, Config, SampleWeights());
        using var zip = ZipFile.OpenRead(path);
        string[] expectedEntries = ["metadata.json", "config.json", "weights/index.json", .. Enumerable.Range(0, 7).Select(i => $"weights/{i}.npy")];
        Assert.Equal(expectedEntries, zip.Entries.Select(e => e.FullName));

        using var metadata = JsonDocument.Parse(Read(zip, "metadata.json"));
        Assert.Equal(["format", "version", "strata_version", "saved"], metadata.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("strata.model", metadata.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, metadata.RootElement.GetProperty("version").GetInt32());
        var saved = DateTimeOffset.Parse(metadata.RootElement.GetProperty("saved").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - saved).TotalMinutes) < 10);

        Assert.Equal(Config, Encoding.UTF8.GetString(Read(zip, "config.json")));

        using var index = JsonDocument.Parse(Read(zip, "weights/index.json"));
        var first = index.RootElement[0];
        Assert.Equal(["name", "shape", "dtype", "file"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("dense/kernel", first.GetProperty("name").GetString());
        Assert.Equal([2, 3], first.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("float32", first.GetProperty("dtype").GetString());
        Assert.Equal("weights/0.npy", first.GetProperty("file").GetString());
        Assert.Equal("bool", index.RootElement[4].GetProperty("dtype").GetString());

        // The weights are plain .npy files, stored uncompressed (numpy.load reads them as they are).
        Assert.Equal(NpyBytes(SampleWeights()[0].Value), Read(zip, "weights/0.npy"));
        Assert.All(zip.Entries.Where(e => e.FullName.EndsWith(".npy")), e => Assert.Equal(e.Length, e.CompressedLength));
    }

    [Fact]
    public void Write_ReplacesAnExistingFile()
    {
        string path = PathOf("model.strata");
        ModelArchive.Write(path, "{\"v\": 1}", SampleWeights());
        ModelArchive.Write(path, "{\"v\": 2}", [("w", Tensor.Ones(2))]);
        var (config, weights) = ModelArchive.Read(path);
        Assert.Equal("{\"v\": 2}", config);
        Assert.Single(weights);
        Assert.Single(Directory.GetFiles(Dir));
    }

    [Fact]
    public void InvalidConfigJson_IsRejectedBeforeAnythingIsWritten()
    {
        string path = PathOf("model.strata");
        Assert.Throws<ArgumentException>(() => ModelArchive.Write(path, "{not json", SampleWeights()));
        Assert.Empty(Directory.GetFileSystemEntries(Dir));
    }

    internal static byte[] Read(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
