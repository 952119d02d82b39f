using Strata.Saving;

namespace Strata.Tests.Saving;

public class Crc32Tests
{
    /// <summary>The definition, one bit at a time: what both the folded and the table paths must agree with.</summary>
    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void EveryLengthAndAlignment_MatchesTheBitwiseDefinition()
    {
        var data = new byte[1 << 20];
        new System.Random(7).NextBytes(data);
        // Lengths around the 64-byte fold and its 16-byte tail, at every alignment of the start.
        for (int offset = 0; offset < 16; offset++)
        {
            for (int length = 0; length <= 300; length++)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(offset, length);
                Assert.Equal(Bitwise(slice), Crc32.Compute(slice));
            }
        }
        Assert.Equal(Bitwise(data), Crc32.Compute(data));
        Assert.Equal(Bitwise(data.AsSpan(3, 1000003)), Crc32.Compute(data.AsSpan(3, 1000003)));
    }

    [Fact]
    public void KnownValues()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(0x2144DF1Cu, Crc32.Compute(new byte[4])); // four zero bytes (values from zlib.crc32)
        Assert.Equal(0x758D6336u, Crc32.Compute(new byte[64])); // 64 zero bytes: the folded path alone
    }
}
