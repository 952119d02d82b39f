using System.Buffers.Binary;
using System.IO.Compression;

namespace Strata.Datasets;

/// <summary>
/// Reads a whole single-member .gz file and checks it against its trailer (CRC-32 and length).
/// .NET's GZipStream returns whatever it could inflate from a truncated file without complaint, so
/// without this check a cut-off download would silently lose its last records.
/// </summary>
internal static class GzipFile
{
    /// <summary>
    /// Without a believable trailer the first buffer holds this many times the compressed size; MNIST's
    /// files inflate about 5 times, and the buffer grows for anything that inflates more.
    /// </summary>
    private const int GuessedRatio = 16;

    /// <summary>The decompressed content of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not gzip, truncated, or corrupt.</exception>
    public static byte[] ReadAll(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Decompress(file, $"'{path}'");
    }

    /// <summary>
    /// The decompressed content of the .gz file that fills the rest of the seekable <paramref name="compressed"/>
    /// (read from where it stands; the trailer is read first, by seeking to the end); <paramref name="source"/>
    /// names it in errors. The file is streamed into one array of the size its trailer records, so a 50 MB
    /// dataset costs that one array and no copies.
    /// </summary>
    public static byte[] Decompress(Stream compressed, string source)
    {
        (uint storedCrc, uint storedLength, long compressedLength) = ReadTrailer(compressed, source);
        (byte[] data, long length) = Inflate(compressed, storedLength, compressedLength, source);
        if (length != storedLength || Saving.Crc32.Compute(data) != storedCrc)
        {
            throw new InvalidDataException(
                $"{source} is a truncated or corrupt gzip file: its {length:N0} decompressed bytes do not match the length and CRC-32 " +
                "recorded at its end. Download or copy it again.");
        }
        return data;
    }

    /// <summary>The trailer's CRC-32 and length (mod 2^32), after checking the magic; leaves the stream where it was.</summary>
    private static (uint Crc, uint Length, long CompressedLength) ReadTrailer(Stream compressed, string source)
    {
        long start = compressed.Position, size = compressed.Length - start;
        Span<byte> magic = stackalloc byte[2];
        // 10-byte header + 8-byte trailer at least; 1f 8b = gzip magic.
        if (size < 18 || compressed.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
        {
            throw new InvalidDataException($"{source} is not a gzip file{(size < 18 ? $" (it has only {size} bytes)" : " (it does not start with the gzip magic bytes 1f 8b)")}.");
        }
        Span<byte> trailer = stackalloc byte[8];
        compressed.Position = compressed.Length - 8;
        compressed.ReadExactly(trailer);
        compressed.Position = start;
        return (BinaryPrimitives.ReadUInt32LittleEndian(trailer), BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]), size);
    }

    /// <summary>
    /// Inflates into an array of the trailer's length (in an intact file the data fits it exactly). In a
    /// truncated file that length is noise, so the first array is capped and grows only as data arrives; past
    /// the trailer's length nothing more is stored, only counted for the error message.
    /// </summary>
    private static (byte[] Data, long Length) Inflate(Stream compressed, uint storedLength, long compressedLength, string source)
    {
        byte[] data = LargeArrays.New<byte>((int)Math.Min(storedLength, Math.Min(compressedLength * GuessedRatio + 4096, Array.MaxLength)));
        int length = 0;
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            while (true)
            {
                if (length == data.Length)
                {
                    if (length == storedLength) return (data, length + CountRest(gzip));
                    Array.Resize(ref data, (int)Math.Min(Math.Min(2L * length, storedLength), Array.MaxLength));
                }
                int n = gzip.Read(data, length, data.Length - length);
                if (n == 0) return (data, length);
                length += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source} is a truncated or corrupt gzip file: {e.Message}", e);
        }
    }

    private static long CountRest(Stream stream)
    {
        var scratch = new byte[1 << 16];
        long count = 0;
        for (int n; (n = stream.Read(scratch)) > 0;) count += n;
        return count;
    }
}
