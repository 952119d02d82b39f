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
    public static byte[] ReadAll(string path)
    {
        byte[] compressed = File.ReadAllBytes(path);
        // 10-byte header + 8-byte trailer at least; 1f 8b = gzip magic.
        if (compressed.Length < 18 || compressed[0] != 0x1f || compressed[1] != 0x8b)
        {
            throw new InvalidDataException($"'{path}' is not a gzip file{(compressed.Length < 18 ? $" (it has only {compressed.Length} bytes)" : " (it does not start with the gzip magic bytes 1f 8b)")}.");
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
            throw new InvalidDataException($"'{path}' is a corrupt gzip file: {e.Message}", e);
        }

        byte[] data = output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        if ((uint)data.Length != storedLength || Crc32(data) != storedCrc)
        {
            throw new InvalidDataException(
                $"'{path}' is a truncated or corrupt gzip file: its {data.Length:N0} decompressed bytes do not match the length and CRC-32 " +
                "recorded at its end. Download or copy it again.");
        }
        return data;
    }

    private static readonly uint[][] Tables = BuildTables();

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        for (int k = 0; k < 8; k++) tables[k] = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            tables[0][n] = c;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++) tables[k][n] = (tables[k - 1][n] >> 8) ^ tables[0][tables[k - 1][n] & 0xFF];
        }
        return tables;
    }

    /// <summary>The CRC-32 (ISO-HDLC, as gzip and zip use), slicing by 8 bytes.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3];
        uint[] t4 = Tables[4], t5 = Tables[5], t6 = Tables[6], t7 = Tables[7];
        uint crc = 0xFFFFFFFFu;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t7[lo & 0xFF] ^ t6[(lo >> 8) & 0xFF] ^ t5[(lo >> 16) & 0xFF] ^ t4[lo >> 24]
                ^ t3[hi & 0xFF] ^ t2[(hi >> 8) & 0xFF] ^ t1[(hi >> 16) & 0xFF] ^ t0[hi >> 24];
            data = data[8..];
        }
        foreach (byte b in data) crc = t0[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}
