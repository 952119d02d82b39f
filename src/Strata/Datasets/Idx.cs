using System.Buffers.Binary;

namespace Strata.Datasets;

/// <summary>
/// Reads the IDX format of the original MNIST files (and Fashion-MNIST, which copies it): a
/// big-endian header (two zero bytes, an element-type code, the rank, one 32-bit size per axis)
/// followed by the elements in row-major order. The file may be gzip-compressed; that is decided
/// by its first bytes, not its name, because copies get renamed and unpacked.
/// </summary>
public static class Idx
{
    /// <summary>Reads the IDX file (raw or gzip) at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file; the message names it.</exception>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads one IDX array, raw or gzip, that fills the rest of <paramref name="stream"/>. unsigned
    /// bytes stay UInt8; int8, int16 and int32 become Int32; float32 and float64 become Float32.
    /// <paramref name="sourceName"/> names the file in error messages.
    /// </summary>
    public static Tensor Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = sourceName is null ? "<IDX stream>" : $"'{sourceName}'";
        if (!stream.CanSeek)
        {
            using var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            return Parse(ReadContent(buffered, source), source);
        }
        return Parse(ReadContent(stream, source), source);
    }

    /// <summary>The rest of a seekable stream, inflated if it starts with gzip's magic bytes.</summary>
    private static byte[] ReadContent(Stream stream, string source)
    {
        long start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        bool gzip = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        stream.Position = start;
        if (gzip) return GzipFile.Decompress(stream, source);
        byte[] bytes = LargeArrays.New<byte>(checked((int)(stream.Length - start)));
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static Tensor Parse(byte[] bytes, string source)
    {
        if (bytes.Length < 4)
        {
            throw new InvalidDataException($"{source}: the IDX file is truncated: it has {bytes.Length} bytes, fewer than the 4-byte magic number.");
        }
        if (bytes[0] != 0 || bytes[1] != 0 || ElementSize(bytes[2]) == 0)
        {
            throw new InvalidDataException(
                $"{source}: not an IDX file: its magic number is 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}, expected 0x0000TTRR " +
                "(TT = element type 08, 09, 0B, 0C, 0D or 0E; RR = rank), e.g. 0x00000803 for MNIST images and 0x00000801 for labels.");
        }
        byte type = bytes[2];
        int rank = bytes[3];
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
        {
            throw new InvalidDataException($"{source}: the IDX file is truncated: its header needs {headerLength} bytes for {rank} dimensions, the file has {bytes.Length}.");
        }

        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (d > int.MaxValue) throw new InvalidDataException($"{source}: the IDX header's dimension {i} is {d}, which is not a valid size.");
            dims[i] = (int)d;
            count = count > int.MaxValue ? count : count * d; // saturate: stop multiplying once past any valid size
        }
        if (count > int.MaxValue)
        {
            throw new InvalidDataException($"{source}: the IDX header declares shape {Shape.Format(dims)}, more elements than a tensor can hold.");
        }

        int size = ElementSize(type);
        long expected = count * size;
        long actual = bytes.Length - headerLength;
        if (actual != expected)
        {
            string what = actual < expected ? "truncated" : "too long";
            throw new InvalidDataException(
                $"{source}: the IDX file is {what}: shape {Shape.Format(dims)} of {TypeName(type)} needs {expected} data bytes after the {headerLength}-byte header, the file has {actual}.");
        }
        // Bytes need no decoding: the tensor keeps the file's array and starts after the header (MNIST's
        // training images are 47 MB; a copy would cost as much again in memory and page faults).
        if (type == 0x08) return new Tensor(bytes, headerLength, new Shape(dims), DType.UInt8);
        return new Tensor(Decode(bytes.AsSpan(headerLength), type, (int)count), 0, new Shape(dims), type is 0x0D or 0x0E ? DType.Float32 : DType.Int32);
    }

    /// <summary>The element size for each IDX type code, 0 for codes the format does not define.</summary>
    private static int ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,
        0x0B => 2,
        0x0C or 0x0D => 4,
        0x0E => 8,
        _ => 0,
    };

    private static string TypeName(byte type) => type switch
    {
        0x08 => "uint8",
        0x09 => "int8",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        _ => "float64",
    };

    /// <summary>Big-endian multi-byte elements to a tensor buffer; float64 narrows to float32 (Strata's compute type).</summary>
    private static Array Decode(ReadOnlySpan<byte> data, byte type, int count)
    {
        switch (type)
        {
            case 0x09:
                {
                    var values = new int[count];
                    for (int i = 0; i < count; i++) values[i] = (sbyte)data[i];
                    return values;
                }
            case 0x0B:
                {
                    var values = new int[count];
                    for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt16BigEndian(data[(2 * i)..]);
                    return values;
                }
            case 0x0C:
                {
                    var values = new int[count];
                    for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt32BigEndian(data[(4 * i)..]);
                    return values;
                }
            case 0x0D:
                {
                    var values = new float[count];
                    for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleBigEndian(data[(4 * i)..]);
                    return values;
                }
            default:
                {
                    var values = new float[count];
                    for (int i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(data[(8 * i)..]);
                    return values;
                }
        }
    }
}
