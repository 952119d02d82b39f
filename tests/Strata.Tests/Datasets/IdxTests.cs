using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

public sealed class IdxTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>An IDX file: magic 0x0000TTRR, big-endian sizes, then the payload as given.</summary>
    private static byte[] IdxBytes(byte type, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(raw);
        return output.ToArray();
    }

    private static string Write(string dir, string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ReadsEveryElementType_RawAndGzip_WhateverTheExtension()
    {
        string dir = _temp.Path;
        var cases = new (byte Type, byte[] Payload, DType DType, Array Expected)[]
        {
            (0x08, [0, 7, 255, 128], DType.UInt8, new byte[] { 0, 7, 255, 128 }),
            (0x09, [0, 7, 255, 128], DType.Int32, new[] { 0, 7, -1, -128 }),
            (0x0B, [0x00, 0x05, 0xFF, 0xFE, 0x80, 0x00, 0x7F, 0xFF], DType.Int32, new[] { 5, -2, -32768, 32767 }),
            (0x0C, [0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF], DType.Int32, new[] { 256, -1, int.MinValue, int.MaxValue }),
            (0x0D, [0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0, 0x3E, 0x80, 0, 0], DType.Float32, new[] { 1f, -2f, 0f, 0.25f }),
            (0x0E, [0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A], DType.Float32, new[] { 1f, -2f, 0f, 0.1f }),
        };
        foreach (var (type, payload, dtype, expected) in cases)
        {
            byte[] raw = IdxBytes(type, [2, 2], payload);
            foreach ((string name, byte[] bytes) in new[] { ($"t{type}.idx", raw), ($"t{type}.gz.idx", Gzip(raw)), ($"t{type}.raw.gz", raw) })
            {
                Tensor t = Idx.Read(Write(dir, name, bytes));
                Assert.Equal(dtype, t.DType);
                Assert.Equal([2, 2], t.Shape.ToArray());
                Assert.Equal(expected, dtype switch
                {
                    DType.UInt8 => t.ToArray<byte>(),
                    DType.Int32 => t.ToArray<int>(),
                    _ => (Array)t.ToArray<float>(),
                });
            }
        }
    }

    [Fact]
    public void BadFiles_GiveClearErrorsNamingTheFile()
    {
        string dir = _temp.Path;
        byte[] good = IdxBytes(0x08, [3, 2], [1, 2, 3, 4, 5, 6]);

        void Fails(string name, byte[] bytes, params string[] fragments)
        {
            string path = Write(dir, name, bytes);
            var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
            Assert.Contains($"'{path}'", ex.Message);
            foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        }

        Fails("empty", [], "truncated");
        Fails("short", good[..3], "truncated", "magic");
        Fails("npy", "\x93NUMPY\x01\x00"u8.ToArray(), "not an IDX file", "0xC2934E55");
        Fails("type", IdxBytes(0x0A, [1], [0]), "not an IDX file", "0x00000A01");
        Fails("header", good[..9], "truncated", "header needs 12 bytes", "2 dimensions");
        Fails("data", good[..^1], "truncated", "(3, 2)", "uint8", "needs 6 data bytes", "has 5");
        Fails("long", [.. good, 9], "too long", "has 7");
        Fails("data.gz", Gzip(good[..^2]), "truncated", "has 4");
        byte[] gz = Gzip(good);
        Fails("badgz.gz", [.. gz[..10], .. Enumerable.Repeat((byte)0xFF, 12)], "gzip");
        // A download cut short: random pixels do not compress, so half the file is half the data.
        byte[] noise = new byte[5000];
        new System.Random(5).NextBytes(noise);
        byte[] noisyGz = Gzip(IdxBytes(0x08, [50, 100], noise));
        Fails("cutgz.gz", noisyGz[..(noisyGz.Length / 2)], "truncated");
        Fails("huge", IdxBytes(0x0E, [65536, 65536], []), "more elements");
    }

    [Fact]
    public void GzipTrailer_IsCheckedAgainstTheData_WhateverTheCompressionRatio()
    {
        string dir = _temp.Path;
        // A million zeros inflate ~1000-fold, far past the reader's first guess, so its buffer has to grow.
        byte[] raw = IdxBytes(0x08, [1000, 1000], new byte[1_000_000]);
        byte[] gz = Gzip(raw);
        Tensor t = Idx.Read(Write(dir, "zeros.gz", gz));
        Assert.Equal([1000, 1000], t.Shape.ToArray());
        Assert.All(t.ToArray<byte>(), b => Assert.Equal(0, b));

        void Damaged(string name, byte[] bytes, params string[] fragments)
        {
            string path = Write(dir, name, bytes);
            var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
            Assert.Contains($"'{path}' is a truncated or corrupt gzip file", ex.Message);
            foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        }

        byte[] With(Action<byte[]> damage)
        {
            byte[] bytes = (byte[])gz.Clone();
            damage(bytes);
            return bytes;
        }

        // zlib checks an intact member's trailer itself; the reader's own check catches a cut one, which
        // zlib inflates as far as it goes without complaint.
        Damaged("crc.gz", With(b => b[^8] ^= 1));
        Damaged("short.gz", With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(b.Length - 4), raw.Length - 1)));
        Damaged("long.gz", With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(b.Length - 4), raw.Length + 1)));
        Damaged("cut.gz", gz[..^4], "decompressed bytes do not match the length and CRC-32");
    }

    [Fact]
    public void ReadsTheRestOfAStream_SeekableOrNot()
    {
        byte[] raw = IdxBytes(0x08, [2, 3], [1, 2, 3, 4, 5, 6]);
        var seekable = new MemoryStream([9, 9, 9, .. Gzip(raw)]) { Position = 3 };
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, Idx.Read(seekable).ToArray<byte>());

        // A GZipStream cannot seek: here it yields the raw file, and then a gzipped one.
        using var inflatingRaw = new GZipStream(new MemoryStream(Gzip(raw)), CompressionMode.Decompress);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, Idx.Read(inflatingRaw).ToArray<byte>());
        using var inflatingGz = new GZipStream(new MemoryStream(Gzip(Gzip(raw))), CompressionMode.Decompress);
        Assert.Equal([2, 3], Idx.Read(inflatingGz, "twice.gz").Shape.ToArray());
    }

    [Fact]
    public void RealMnistTestFiles_MatchTheOriginalRawBytes()
    {
        Tensor labels = Idx.Read(RealDatasets.Require("mnist-idx/t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(DType.UInt8, labels.DType);
        Assert.Equal([10000], labels.Shape.ToArray());
        Assert.Equal(new byte[] { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 }, labels.ToArray<byte>()[..10]);
        Assert.Equal("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", RawSha256(0x08, [10000], labels.ToArray<byte>()));

        Tensor images = Idx.Read(RealDatasets.Require("mnist-idx/t10k-images-idx3-ubyte.gz"));
        Assert.Equal(DType.UInt8, images.DType);
        Assert.Equal([10000, 28, 28], images.Shape.ToArray());
        Assert.Equal("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", RawSha256(0x08, [10000, 28, 28], images.ToArray<byte>()));
    }

    /// <summary>The sha256 of the IDX file the tensor came from, rebuilt: the README lists these for the raw files.</summary>
    private static string RawSha256(byte type, int[] dims, byte[] data) => Convert.ToHexStringLower(SHA256.HashData(IdxBytes(type, dims, data)));
}
