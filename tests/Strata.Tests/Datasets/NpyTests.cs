using System.Text;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>.npy round trips, NumPy's exact header bytes, the element types NumPy writes, and every malformed input.</summary>
public class NpyTests
{
    private static Tensor RoundTrip(Tensor t)
    {
        var stream = new MemoryStream();
        Npy.Write(stream, t);
        stream.Position = 0;
        return Npy.Read(stream, "roundtrip.npy");
    }

    public static TheoryData<int[]> Shapes => new() { Array.Empty<int>(), new[] { 5 }, new[] { 2, 3 }, new[] { 2, 1, 3 }, new[] { 2, 3, 1, 2 }, new[] { 0, 3 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryDType_RoundTrips_AtEveryRank(int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var tensors = new[]
        {
            Tensor.FromArray(Enumerable.Range(0, n).Select(i => i * 0.1f - 1f).ToArray(), shape),
            Tensor.FromArray(Enumerable.Range(0, n).Select(i => i * 1000003 - 7).ToArray(), shape),
            Tensor.FromArray(Enumerable.Range(0, n).Select(i => (long)i << 40).ToArray(), shape),
            Tensor.FromArray(Enumerable.Range(0, n).Select(i => (byte)(i * 37)).ToArray(), shape),
            Tensor.FromArray(Enumerable.Range(0, n).Select(i => i % 3 == 0).ToArray(), shape),
        };
        // FromArray treats an empty shape as 1-D; a rank-0 tensor comes from Scalar.
        if (shape.Length == 0) tensors = [Tensor.Scalar(2.5f), Tensor.Scalar(-3), Tensor.Scalar(1L << 40), Tensor.Scalar((byte)200), Tensor.Scalar(true)];
        foreach (Tensor t in tensors)
        {
            Tensor back = RoundTrip(t);
            Assert.Equal(t.DType, back.DType);
            Assert.Equal(t.Shape, back.Shape);
            Assert.Equal(Bytes(t), Bytes(back));
        }
    }

    [Fact]
    public void FloatBits_SurviveExactly()
    {
        float[] values = [float.NaN, BitConverter.Int32BitsToSingle(0x7FC12345), -0f, float.Epsilon, float.MaxValue, float.NegativeInfinity];
        Tensor back = RoundTrip(Tensor.FromArray(values));
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.ToArray<float>().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Header_IsByteForByteWhatNumPyWrites()
    {
        // np.save of np.arange(6, dtype='<f4').reshape(2, 3): the dict (keys sorted), 20 spaces of
        // room for the first axis to grow to 21 digits, spaces and '\n' up to 128 bytes, then the data.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        var expected = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(dict.PadRight(117) + "\n"));
        foreach (float v in new float[] { 0, 1, 2, 3, 4, 5 }) expected.AddRange(BitConverter.GetBytes(v));

        var stream = new MemoryStream();
        Npy.Write(stream, Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, 2, 3));
        Assert.Equal(expected.ToArray(), stream.ToArray());
    }

    [Theory]
    [InlineData(new int[0], "|b1", "()")] // a scalar gets no growth room
    [InlineData(new[] { 7 }, "|u1", "(7,)")]
    [InlineData(new[] { 60000, 28, 28 }, "|u1", "(60000, 28, 28)")]
    public void Header_FollowsNumPysPaddingRules(int[] shape, string descr, string shapeText)
    {
        var tensor = shape.Length == 0 ? Tensor.Scalar(true) : Tensor.Zeros(new Shape(shape), DType.UInt8);
        var stream = new MemoryStream();
        Npy.Write(stream, tensor);
        byte[] bytes = stream.ToArray();
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int growth = shape.Length == 0 ? 0 : 21 - shape[0].ToString().Length;
        Assert.StartsWith(dict + new string(' ', growth), header);
        Assert.EndsWith("\n", header);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal(header.TrimEnd('\n').TrimEnd(), dict); // only spaces between the dict and the newline
    }

    // ---- Element types and header variants NumPy (and older NumPy) writes ----

    [Fact]
    public void Float64_NarrowsToFloat32()
    {
        Tensor t = Npy.Read(Build("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", Le<double>(0.1, -2.5, 1e300)), "f8.npy");
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(new[] { 0.1f, -2.5f, float.PositiveInfinity }, t.ToArray<float>());
    }

    [Theory]
    [InlineData("|i1", DType.Int32)]
    [InlineData("<i2", DType.Int32)]
    [InlineData("<u2", DType.Int32)]
    [InlineData("<u4", DType.Int64)]
    [InlineData("<u8", DType.Int64)]
    [InlineData("<i8", DType.Int64)]
    [InlineData("<f2", DType.Float32)]
    public void SmallAndUnsignedTypes_WidenToATensorDType(string descr, DType dtype)
    {
        byte[] data = descr switch
        {
            "|i1" => [0xFF, 0x05],
            "<i2" => Le<short>(-300, 7),
            "<u2" => Le<ushort>(65535, 7),
            "<u4" => Le<uint>(4000000000, 7),
            "<u8" => Le<ulong>(1UL << 62, 7),
            "<i8" => Le<long>(-(1L << 62), 7),
            _ => Le<Half>((Half)1.5, (Half)7),
        };
        Tensor t = Npy.Read(Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", data), "x.npy");
        Assert.Equal(dtype, t.DType);
        string expected = descr switch
        {
            "|i1" => "-1 5",
            "<i2" => "-300 7",
            "<u2" => "65535 7",
            "<u4" => "4000000000 7",
            "<u8" => $"{1L << 62} 7",
            "<i8" => $"{-(1L << 62)} 7",
            _ => "1.5 7",
        };
        string actual = dtype switch
        {
            DType.Int32 => string.Join(" ", t.ToArray<int>()),
            DType.Int64 => string.Join(" ", t.ToArray<long>()),
            _ => string.Join(" ", t.ToArray<float>()),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void BigEndianData_IsSwapped()
    {
        byte[] data = [0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0]; // 1.0f, -2.0f big-endian
        Tensor t = Npy.Read(Build("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data), "be.npy");
        Assert.Equal(new[] { 1f, -2f }, t.ToArray<float>());
    }

    [Fact]
    public void Bools_ReadAnyNonZeroByteAsTrue()
    {
        Tensor t = Npy.Read(Build("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [0, 1, 2]), "b.npy");
        Assert.Equal(new[] { false, true, true }, t.ToArray<bool>());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Versions2And3_AreRead(int major)
    {
        Tensor t = Npy.Read(Build("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 1), }", Le(4, 5), major), "v.npy");
        Assert.Equal(new[] { 2, 1 }, t.Shape.ToArray());
        Assert.Equal(new[] { 4, 5 }, t.ToArray<int>());
    }

    [Fact]
    public void OldStyleHeaders_AreRead()
    {
        // Python 2 longs, double quotes, no trailing comma, other key order, 16-byte alignment.
        Tensor t = Npy.Read(Build("{\"shape\": (2L, 1L), 'fortran_order': False, 'descr': '<i4'}", Le(4, 5), align: 16), "old.npy");
        Assert.Equal(new[] { 4, 5 }, t.ToArray<int>());
    }

    [Fact]
    public void NonSeekableStreams_AreRead()
    {
        byte[] file = Build("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", Le(1L, 2L)).ToArray();
        Assert.Equal(new[] { 1L, 2L }, Npy.Read(new ForwardOnlyStream(file), "pipe").ToArray<long>());
    }

    [Fact]
    public void Files_RoundTrip_AndAMissingFileNamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"strata-npy-{Guid.NewGuid():N}.npy");
        try
        {
            Npy.Write(path, Tensor.FromArray(new[] { 1, 2, 3 }));
            Assert.Equal(new[] { 1, 2, 3 }, Npy.Read(path).ToArray<int>());
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => Npy.Read(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => Npy.Read(path)).Message);
    }

    // ---- Helpers ----

    /// <summary>A .npy stream with the given header dict (padded to <paramref name="align"/>) and data.</summary>
    internal static MemoryStream Build(string dict, byte[] data, int major = 1, int align = 64)
    {
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.Length + 1;
        string header = dict + new string(' ', (align - total % align) % align) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return new MemoryStream(bytes.ToArray());
    }

    internal static byte[] Le<T>(params T[] values) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static byte[] Bytes(Tensor t)
    {
        var s = new MemoryStream();
        Npy.Write(s, t);
        return s.ToArray();
    }
}

/// <summary>A stream that can only be read forwards, like a network or zip entry stream.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7)); // short reads on purpose
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
