namespace Strata.Saving;

/// <summary>
/// The CRC-32 of zip entries (IEEE 802.3, reflected polynomial 0xEDB88320). .NET 10's ZipArchive
/// does not check entry checksums when reading (that arrives in .NET 11), so the archive reader
/// checks them itself; a table-driven loop is fast enough for model files.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
