using System.IO.Compression;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

public sealed class NpzTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] NpyBytes(Tensor tensor)
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, tensor);
        return stream.ToArray();
    }

    private static byte[] ObjectNpyBytes(int count, byte[] pickle) => [.. new NpyHeader("|O", false, [count]).ToBytes(), .. pickle];

    internal static string WriteNpz(string dir, string name, params (string Member, byte[] Bytes, bool Deflate)[] members)
    {
        string path = Path.Combine(dir, name);
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (member, bytes, deflate) in members)
        {
            using Stream entry = zip.CreateEntry(member, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression).Open();
            entry.Write(bytes);
        }
        return path;
    }

    [Fact]
    public void ReadsStoredAndDeflatedMembers_NumericAndObject()
    {
        string dir = _temp.Path;
        int[][] sequences = [[1, 2, 3], [4], [500, 70000]];
        string path = WriteNpz(dir, "mixed.npz",
            ("a.npy", NpyBytes(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3)), false),
            ("labels.npy", NpyBytes(Tensor.FromArray(new long[] { 7, 8, 9 })), true),
            ("seqs.npy", ObjectNpyBytes(3, PickleBuilder.Sequences(sequences)), true),
            ("notes.txt", "not an array"u8.ToArray(), false));

        NpzFile npz = Npz.Load(path);
        Assert.Equal(["a", "labels", "seqs"], npz.Keys);
        Assert.Equal([2, 3], npz["a"].Shape.ToArray());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, npz["a"].ToArray<float>());
        Assert.Equal(DType.Int64, npz["labels"].DType);
        Assert.Equal(new long[] { 7, 8, 9 }, npz["labels"].ToArray<long>());
        Assert.Equal(sequences, npz.Sequences("seqs"));
        Assert.True(npz.ContainsKey("seqs"));
        Assert.False(npz.ContainsKey("notes"));
    }

    [Fact]
    public void Uint8Members_StartAfterTheirHeader_AndBehaveAsAnyTensor()
    {
        // Unsigned bytes keep the member's decompressed array (the tensor starts after the .npy header).
        byte[] pixels = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
        byte[] npy = NpyBytes(Tensor.FromArray(pixels, 2, 3, 4));
        NpzFile npz = Npz.Load(WriteNpz(_temp.Path, "u8.npz", ("stored.npy", npy, false), ("deflated.npy", npy, true)));
        foreach (string key in new[] { "stored", "deflated" })
        {
            Tensor t = npz[key];
            Assert.Equal(DType.UInt8, t.DType);
            Assert.Equal([2, 3, 4], t.Shape.ToArray());
            Assert.Equal(pixels, t.ToArray<byte>());
            Assert.Equal(pixels[12..], t[1].ToArray<byte>());
            Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)i), (t.AsType(DType.Float32) / 10f).ToArray<float>());
        }
    }

    [Fact]
    public void WrongKindOfAccessOrMissingKey_SaysWhatToDo()
    {
        string dir = _temp.Path;
        string path = WriteNpz(dir, "k.npz",
            ("x.npy", ObjectNpyBytes(1, PickleBuilder.Sequences([1])), true),
            ("y.npy", NpyBytes(Tensor.FromArray(new long[] { 1 })), false));
        NpzFile npz = Npz.Load(path);
        Assert.Contains("Sequences(\"x\")", Assert.Throws<InvalidOperationException>(() => npz["x"]).Message);
        Assert.Contains("indexer", Assert.Throws<InvalidOperationException>(() => npz.Sequences("y")).Message);
        var missing = Assert.Throws<KeyNotFoundException>(() => npz["z"]);
        Assert.Contains("'z'", missing.Message);
        Assert.Contains("x, y", missing.Message);
    }

    [Fact]
    public void CorruptedFiles_NameTheFileAndMember()
    {
        string dir = _temp.Path;
        byte[] good = NpyBytes(Tensor.FromArray(Enumerable.Range(0, 1000).Select(i => (float)i).ToArray()));

        string notZip = Path.Combine(dir, "plain.npz");
        File.WriteAllBytes(notZip, good);
        var ex = Assert.Throws<InvalidDataException>(() => Npz.Load(notZip));
        Assert.Contains(notZip, ex.Message);
        Assert.Contains("not a readable .npz", ex.Message);

        string deflated = WriteNpz(dir, "deflated.npz", ("x.npy", good, true));
        byte[] zip = File.ReadAllBytes(deflated);
        string truncated = Path.Combine(dir, "truncated.npz");
        File.WriteAllBytes(truncated, zip[..(zip.Length / 2)]);
        ex = Assert.Throws<InvalidDataException>(() => Npz.Load(truncated));
        Assert.Contains(truncated, ex.Message);

        // Flip bytes inside the compressed data (the local header is 30 bytes + the name).
        byte[] damaged = (byte[])zip.Clone();
        for (int i = 60; i < 90; i++) damaged[i] ^= 0x5A;
        string corrupt = Path.Combine(dir, "corrupt.npz");
        File.WriteAllBytes(corrupt, damaged);
        ex = Assert.Throws<InvalidDataException>(() => Npz.Load(corrupt));
        Assert.Contains($"'{corrupt}' (member 'x.npy')", ex.Message);

        string badNpy = WriteNpz(dir, "badnpy.npz", ("x.npy", good[..100], false));
        ex = Assert.Throws<InvalidDataException>(() => Npz.Load(badNpy));
        Assert.Contains($"'{badNpy}' (member 'x.npy')", ex.Message);
        Assert.Contains("truncated", ex.Message);

        string evil = WriteNpz(dir, "evil.npz",
            ("x.npy", ObjectNpyBytes(1, new PickleBuilder().Proto(2).Global("os", "system").Str("rm -rf /").Op(0x85).Op((byte)'R').Stop().Bytes), true));
        ex = Assert.Throws<InvalidDataException>(() => Npz.Load(evil));
        Assert.Contains($"'{evil}' (member 'x.npy')", ex.Message);
        Assert.Contains("'os.system' is refused", ex.Message);

        string mismatch = WriteNpz(dir, "mismatch.npz", ("x.npy", ObjectNpyBytes(5, PickleBuilder.Sequences([1])), false));
        Assert.Contains("(5,)", Assert.Throws<InvalidDataException>(() => Npz.Load(mismatch)).Message);
    }

    [Fact]
    public void RealReutersFile_HoldsTheArraysTheReadmeDescribes()
    {
        NpzFile npz = Npz.Load(RealDatasets.Require("reuters.npz"));
        Assert.Equal(["y", "x"], npz.Keys);
        Tensor y = npz["y"];
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([11228], y.Shape.ToArray());
        long[] labels = y.ToArray<long>();
        Assert.Equal(0, labels.Min());
        Assert.Equal(45, labels.Max());

        int[][] x = npz.Sequences("x");
        Assert.Equal(11228, x.Length);
        Assert.Equal(1_627_658, x.Sum(s => (long)s.Length));
        Assert.Equal(1, x.Min(s => s.Length));
        Assert.Equal(2_375, x.Max(s => s.Length));
        Assert.Equal(1, x.Min(s => s.Min()));
        Assert.Equal(30_979, x.Max(s => s.Max()));
        // Computed independently with CPython's pickle module (numpy's globals stubbed) on the same file.
        Assert.Equal("52ae323a4d4908d3e7ecd465e7716b8c3e77e961657dd244d9c6df28817ee7b2", RealDatasets.SequencesSha256(x));
        Assert.Equal("29033213982d95c6d4e7fa8292ca656ff412d98455f8bdf56fd36b333dacb438", RealDatasets.SequencesSha256([labels]));
    }

    [Fact]
    public void RealBostonFile_HoldsFloat64NarrowedToFloat32()
    {
        NpzFile npz = Npz.Load(RealDatasets.Require("boston_housing.npz"));
        Assert.Equal(["y", "x"], npz.Keys);
        Assert.Equal([506, 13], npz["x"].Shape.ToArray());
        Assert.Equal(DType.Float32, npz["x"].DType);
        Assert.Equal(new float[] { 0.00632f, 18, 2.31f, 0, 0.538f }, npz["x"].ToArray<float>()[..5]);
        Assert.Equal(24f, npz["y"].ToArray<float>()[0]);
    }
}
