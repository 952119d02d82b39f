using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// Reads MNIST's gzipped IDX files straight into torch tensors, as a TorchSharp user would, so the peer's
/// process holds no managed copy of the data that Strata's would not (memory is one of the measured figures).
/// </summary>
internal static class MnistIdx
{
    /// <summary>Training images as float32 (60000, 784) scaled to [0, 1], labels one-hot (60000, 10).</summary>
    public static (Tensor X, Tensor Y) Train(string? folder = null) => Load("train", folder);

    /// <summary>Test images as float32 (10000, 784) scaled to [0, 1], labels one-hot (10000, 10).</summary>
    public static (Tensor X, Tensor Y) Test(string? folder = null) => Load("t10k", folder);

    /// <summary>Reads <paramref name="folder"/>, or MNIST's under STRATA_DATASETS; Fashion-MNIST's files have the same names and format.</summary>
    private static (Tensor X, Tensor Y) Load(string prefix, string? folder)
    {
        folder ??= Path.Combine(Environment.GetEnvironmentVariable("STRATA_DATASETS")
            ?? throw new InvalidOperationException("Set STRATA_DATASETS to the folder that holds mnist-idx/."), "mnist-idx");
        byte[] images = Read(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), headerBytes: 16);
        byte[] labels = Read(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), headerBytes: 8);
        int n = labels.Length;
        using var scope = NewDisposeScope();
        Tensor x = tensor(images, new long[] { n, 784 }).to_type(ScalarType.Float32).div_(255f);
        Tensor y = nn.functional.one_hot(tensor(labels).to_type(ScalarType.Int64), 10).to_type(ScalarType.Float32);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>The payload after the big-endian IDX header (magic, then one count per dimension).</summary>
    private static byte[] Read(string path, int headerBytes)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        byte[] all = memory.GetBuffer();
        int count = BinaryPrimitives.ReadInt32BigEndian(all.AsSpan(4));
        int itemBytes = headerBytes == 16 ? 784 : 1;
        return all.AsSpan(headerBytes, count * itemBytes).ToArray();
    }
}
