using Strata.Datasets;
using static Strata.Tests.Datasets.NpyTests;

namespace Strata.Tests.Datasets;

/// <summary>
/// Malformed .npy input: every case is an InvalidDataException naming the source and the problem,
/// never an IndexOutOfRangeException or a silently wrong tensor.
/// </summary>
public class NpyErrorTests
{
    private const string Source = "data/bad.npy";

    private static readonly byte[] Good = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Le(1f, 2f, 3f, 4f, 5f, 6f)).ToArray();

    private static void Fails(byte[] bytes, params string[] fragments)
    {
        foreach (Stream stream in new Stream[] { new MemoryStream(bytes), new ForwardOnlyStream(bytes) })
        {
            var ex = Assert.Throws<InvalidDataException>(() => Npy.Read(stream, Source));
            Assert.Contains($"'{Source}'", ex.Message);
            foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        }
    }

    private static void Fails(string dict, byte[] data, params string[] fragments) => Fails(Build(dict, data).ToArray(), fragments);

    [Fact]
    public void BadMagic_OrEmpty()
    {
        Fails([], "not a NumPy .npy file");
        Fails("PK\x03\x04 this is a zip"u8.ToArray(), "not a NumPy .npy file");
        byte[] bad = (byte[])Good.Clone();
        bad[1] = (byte)'X';
        Fails(bad, "magic");
    }

    [Theory]
    [InlineData(7, "format version")]
    [InlineData(9, "header length")]
    [InlineData(50, "header")]
    [InlineData(128, "truncated")]
    [InlineData(140, "truncated")]
    public void TruncatedAnywhere_SaysTruncated(int length, string fragment)
    {
        Fails(Good[..length], "truncated", fragment);
    }

    [Fact]
    public void TruncatedData_NamesTheExpectedAndActualSize()
    {
        Fails(Good[..^4], "truncated", "(2, 3)", "24 bytes", "20");
    }

    [Fact]
    public void TrailingData_IsAnError()
    {
        Fails([.. Good, 0, 0, 0, 0], "too long", "24 bytes");
    }

    [Fact]
    public void UnsupportedVersion()
    {
        byte[] bad = (byte[])Good.Clone();
        bad[6] = 4;
        Fails(bad, "version 4.0");
    }

    [Fact]
    public void HugeHeaderLength()
    {
        byte[] bad = Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Le(1f), major: 2).ToArray();
        bad[11] = 0x7F; // header length 0x7F______
        Fails(bad, "header");
    }

    [Theory]
    [InlineData("<c8", "unsupported .npy element type '<c8'")]
    [InlineData("<U5", "unsupported")]
    [InlineData("<f16", "unsupported")]
    [InlineData("", "unsupported")]
    public void UnknownDtypes(string descr, string fragment)
    {
        Fails($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}", new byte[8], fragment);
    }

    [Fact]
    public void ObjectArrays_PointToNpz()
    {
        Fails("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", [0x80, 2], "pickled Python objects", "Npz");
    }

    [Fact]
    public void StructuredArrays()
    {
        Fails("{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[8], "structured");
    }

    [Fact]
    public void FortranOrder()
    {
        Fails("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", new byte[24], "Fortran");
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (2, 3), }", "no 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", "unexpected entries (extra)")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "invalid dimension -3")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'a'), }", "shape is not a tuple of integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "not an integer in range")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", "more elements than a tensor can hold")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", "not a valid Python literal")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} junk", "not a valid Python literal")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3)}", "not a valid Python literal")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", "appears twice")]
    [InlineData("[1, 2, 3]", "not a dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((((((((((((((((((((((((((1,),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),),), }", "nested too deeply")]
    public void MalformedHeaders(string dict, string fragment)
    {
        Fails(dict, new byte[24], fragment);
    }

    [Fact]
    public void Uint64ValuesBeyondInt64()
    {
        Fails("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", Le(ulong.MaxValue), "does not fit in int64");
    }

    [Fact]
    public void WithoutASourceName_TheMessageSaysStream()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(Good[..20])));
        Assert.Contains("<.npy stream>", ex.Message);
    }
}
