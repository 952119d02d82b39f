namespace Strata.Datasets;

/// <summary>
/// Reads and writes NumPy's .npy format: one array per file, as <c>numpy.save</c> writes it and
/// <c>numpy.load</c> reads it. Reads format versions 1.0 to 3.0 in C order; writes version 1.0,
/// byte for byte what NumPy writes for the same array.
/// </summary>
public static class Npy
{
    /// <summary>Reading data in pieces of this size lets a corrupted header that claims a huge shape fail on the missing bytes, not on memory.</summary>
    private const int ChunkSize = 1 << 20;

    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads one array that fills the rest of <paramref name="stream"/>. Float64 becomes Float32;
    /// int8/int16/uint16 become Int32 and uint32/uint64 Int64. <paramref name="sourceName"/> names
    /// the file in error messages.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a well-formed .npy array of a supported type.</exception>
    public static Tensor Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = Describe(sourceName);
        return ReadBody(stream, NpyHeader.Read(stream, source), source);
    }

    /// <summary>Reads the numeric array that <paramref name="header"/> describes from the rest of <paramref name="stream"/>.</summary>
    internal static Tensor ReadBody(Stream stream, NpyHeader header, string source)
    {
        (NpyFormat format, Shape shape) = Layout(header, source);
        byte[] raw = ReadData(stream, (long)shape.Size * format.ItemSize, header, source);
        return ToTensor(format, shape, raw, 0, source);
    }

    /// <summary>
    /// The numeric array that <paramref name="header"/> describes, from <paramref name="owned"/> starting at
    /// <paramref name="start"/>: bytes already in memory that the caller hands over (an .npz member it
    /// decompressed), so bytes that need no conversion become the tensor's buffer without a copy.
    /// </summary>
    internal static Tensor ReadBody(byte[] owned, int start, NpyHeader header, string source)
    {
        (NpyFormat format, Shape shape) = Layout(header, source);
        CheckLength(owned.Length - start, (long)shape.Size * format.ItemSize, header, source);
        return ToTensor(format, shape, owned, start, source);
    }

    private static (NpyFormat Format, Shape Shape) Layout(NpyHeader header, string source)
    {
        var format = NpyFormat.Parse(header.Descr, source);
        if (header.FortranOrder)
        {
            throw new InvalidDataException($"{source}: the array is stored in Fortran (column-major) order, which is not supported; save it from NumPy with np.save(path, np.ascontiguousarray(a)).");
        }
        return (format, new Shape(header.Shape));
    }

    private static Tensor ToTensor(NpyFormat format, Shape shape, byte[] raw, int start, string source)
    {
        (Array buffer, int offset) = format.Decode(raw, start, shape.Size, source);
        return new Tensor(buffer, offset, shape, format.Target);
    }

    /// <summary>Writes <paramref name="tensor"/> as a version 1.0 .npy array (little-endian, C order).</summary>
    public static void Write(Stream stream, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        var header = new NpyHeader(NpyFormat.DescrOf(tensor.DType), FortranOrder: false, tensor.Shape.ToArray());
        stream.Write(header.ToBytes());
        stream.Write(NpyFormat.Encode(tensor));
    }

    /// <summary>Writes <paramref name="tensor"/> to a .npy file at <paramref name="path"/>, replacing any file there.</summary>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensor);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Write(stream, tensor);
    }

    internal static string Describe(string? sourceName) => sourceName is null ? "<.npy stream>" : $"'{sourceName}'";

    /// <summary>Reads exactly <paramref name="length"/> bytes and checks that nothing follows them.</summary>
    private static byte[] ReadData(Stream stream, long length, NpyHeader header, string source)
    {
        if (stream.CanSeek) CheckLength(stream.Length - stream.Position, length, header, source);
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: {Expected(header, length)}, more than one array can hold.");
        }
        if (stream.CanSeek)
        {
            // The size is checked against the stream, so the one array it needs can be allocated at once.
            byte[] exact = LargeArrays.New<byte>((int)length);
            stream.ReadExactly(exact);
            return exact;
        }

        var data = new byte[Math.Min(length, ChunkSize)];
        long read = 0;
        while (read < length)
        {
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
            int n = stream.Read(data, (int)read, data.Length - (int)read);
            if (n == 0) throw new InvalidDataException($"{source}: the .npy file is truncated: {Expected(header, length)}, it has {read}.");
            read += n;
        }
        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataException($"{source}: the .npy file is too long: {Expected(header, length)}, but more bytes follow.");
        }
        return data;
    }

    private static void CheckLength(long available, long length, NpyHeader header, string source)
    {
        if (available != length)
        {
            throw new InvalidDataException($"{source}: the .npy file is {(available < length ? "truncated" : "too long")}: {Expected(header, length)}, it has {available}.");
        }
    }

    private static string Expected(NpyHeader header, long length) => $"shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {length} bytes of data";
}
