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
    /// <summary>The decompressed content of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not gzip, truncated, or corrupt.</exception>
    public static byte[] ReadAll(string path) => Decompress(File.ReadAllBytes(path), $"'{path}'");

    /// <summary>The decompressed content of a whole .gz file's bytes; <paramref name="source"/> names it in errors.</summary>
    public static byte[] Decompress(byte[] compressed, string source)
    {
        string path = source;
        // 10-byte header + 8-byte trailer at least; 1f 8b = gzip magic.
        if (compressed.Length < 18 || compressed[0] != 0x1f || compressed[1] != 0x8b)
        {
            throw new InvalidDataException($"{path} is not a gzip file{(compressed.Length < 18 ? $" (it has only {compressed.Length} bytes)" : " (it does not start with the gzip magic bytes 1f 8b)")}.");
        }
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 8));
        uint storedLength = BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(compressed.Length - 4));

        // The trailer's length is a hint for the buffer only: in a truncated file it is noise.
        int capacity = (int)Math.Min(storedLength, Math.Min((long)compressed.Length * 16 + 4096, Array.MaxLength));
        var output = new MemoryStream(capacity);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is a truncated or corrupt gzip file: {e.Message}", e);
        }

        byte[] data = output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        if ((uint)data.Length != storedLength || Saving.Crc32.Compute(data) != storedCrc)
        {
            throw new InvalidDataException(
                $"{path} is a truncated or corrupt gzip file: its {data.Length:N0} decompressed bytes do not match the length and CRC-32 " +
                "recorded at its end. Download or copy it again.");
        }
        return data;
    }
}
