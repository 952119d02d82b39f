using System.Buffers.Binary;
using SkiaSharp;

namespace Strata.Plotting.Tests;

/// <summary>Reads a PNG the way a viewer would start to: the signature, then the IHDR chunk's size.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the file is a whole, decodable PNG and returns its width and height.</summary>
    public static (int Width, int Height) AssertValid(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, "too short to hold a PNG header");
        Assert.Equal(Signature, bytes[..8]);
        // The first chunk: 4-byte length 13, type "IHDR", then width and height big-endian.
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        int width = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16));
        int height = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20));

        // And the rest decodes: no truncated image data.
        using SKBitmap? decoded = SKBitmap.Decode(bytes);
        Assert.NotNull(decoded);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        return (width, height);
    }

    /// <summary>No temporary file may be left beside the target after a write.</summary>
    public static void AssertNoTempFiles(string folder) =>
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
}
