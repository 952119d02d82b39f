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
        var format = NpyFormat.Parse(header.Descr, source);
        if (header.FortranOrder)
        {
            throw new InvalidDataException($"{source}: the array is stored in Fortran (column-major) order, which is not supported; save it from NumPy with np.save(path, np.ascontiguousarray(a)).");
        }
        var shape = new Shape(header.Shape);
        int count = shape.Size;
        byte[] raw = ReadData(stream, (long)count * format.ItemSize, header, source);
        return new Tensor(format.Decode(raw, count, source), 0, shape, format.Target);
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
        string expected = $"shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {length} bytes of data";
        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            if (available != length)
            {
                throw new InvalidDataException($"{source}: the .npy file is {(available < length ? "truncated" : "too long")}: {expected}, it has {available}.");
            }
        }
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: {expected}, more than one array can hold.");
        }

        var data = new byte[Math.Min(length, ChunkSize)];
        long read = 0;
        while (read < length)
        {
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
            int n = stream.Read(data, (int)read, data.Length - (int)read);
            if (n == 0) throw new InvalidDataException($"{source}: the .npy file is truncated: {expected}, it has {read}.");
            read += n;
        }
        if (!stream.CanSeek && stream.ReadByte() != -1)
        {
            throw new InvalidDataException($"{source}: the .npy file is too long: {expected}, but more bytes follow.");
        }
        return data;
    }
}
