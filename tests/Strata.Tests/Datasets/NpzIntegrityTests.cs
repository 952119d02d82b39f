using System.Text;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>What System.IO.Compression does not check and Npz.Load must: CRC-32, names in both headers, lazy directory errors.</summary>
public sealed class NpzIntegrityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(bool deflate)
    {
        using var npy = new MemoryStream();
        Npy.Write(npy, Tensor.FromArray(Enumerable.Range(0, 256).Select(i => (float)i).ToArray()));
        return NpzTests.WriteNpz(_temp.Path, $"arrays-{deflate}.npz", ("values.npy", npy.ToArray(), deflate));
    }

    private static InvalidDataException LoadFails(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => Npz.Load(path));
        Assert.Contains($"'{path}'", ex.Message);
        return ex;
    }

    [Fact]
    public void AFlippedBitInStoredData_FailsTheCrcCheck_NamingTheMember()
    {
        string path = Write(deflate: false);
        byte[] bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(BitConverter.GetBytes(200f)); // the raw float 200, stored verbatim
        Assert.True(at > 0);
        bytes[at + 2] ^= 0x04; // 200 -> 216: still a finite float, a silent change without the CRC check
        var ex = LoadFails(path, bytes);
        Assert.Contains("(member 'values.npy')", ex.Message);
        Assert.Contains("CRC-32", ex.Message);
    }

    [Fact]
    public void ANameChangedInTheCentralDirectoryOnly_IsRefused()
    {
        string path = Write(deflate: true);
        byte[] bytes = File.ReadAllBytes(path);
        int directoryName = bytes.AsSpan().LastIndexOf("values.npy"u8); // the second copy: the central directory's
        Assert.True(directoryName > bytes.AsSpan().IndexOf("values.npy"u8));
        bytes[directoryName] = (byte)'w'; // "walues.npy": without the check, the array would load under a new key
        var ex = LoadFails(path, bytes);
        Assert.Contains("'walues.npy' is named 'values.npy' in its local header", ex.Message);
    }

    [Fact]
    public void ADamagedCentralDirectoryRecord_NamesTheFile()
    {
        string path = Write(deflate: true);
        byte[] bytes = File.ReadAllBytes(path);
        int record = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        bytes[record + 1] ^= 0xFF; // a bad central-directory signature: ZipArchive raises it lazily, on first use of Entries
        var ex = LoadFails(path, bytes);
        Assert.Contains("not a readable .npz file", ex.Message);
    }

    [Fact]
    public void AnIntactFile_StillLoads()
    {
        foreach (bool deflate in new[] { false, true })
        {
            NpzFile npz = Npz.Load(Write(deflate));
            Assert.Equal(Enumerable.Range(0, 256).Select(i => (float)i), npz["values"].ToArray<float>());
        }
    }
}
