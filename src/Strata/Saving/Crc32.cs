using System.Buffers.Binary;

namespace Strata.Saving;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zip entries and gzip trailers carry it.
/// .NET 10's ZipArchive and GZipStream do not check it when reading (ZipArchive does from .NET 11),
/// so the archive reader and the gzip reader check it themselves. Slicing by 8 bytes keeps it fast
/// enough for 50 MB dataset files.
/// </summary>
internal static class Crc32
{
    private static readonly uint[][] Tables = BuildTables();

    public static uint Compute(ReadOnlySpan<byte> data)
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

    /// <summary>Table k maps a byte to its CRC contribution k bytes further along.</summary>
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
}
