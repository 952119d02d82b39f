using System.Buffers.Binary;
using System.Text;

namespace Strata.Datasets;

/// <summary>
/// The header of a NumPy .npy stream (format versions 1.0, 2.0 and 3.0): the element type
/// descriptor, the memory order and the shape. Separate from <see cref="Npy"/> so that readers of
/// containers (Npz, including its pickled object arrays) can read the header and then decide how
/// to read the data that follows.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, int[] Shape)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>NumPy aligns the start of the data to this many bytes.</summary>
    private const int Alignment = 64;

    /// <summary>NumPy pads the header so the first axis can grow to this many digits in place.</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>The descr of an array of pickled Python objects.</summary>
    public bool IsObject => Descr is "|O" or "<O" or ">O" or "=O";

    /// <summary>Reads the header and leaves <paramref name="stream"/> at the first data byte.</summary>
    public static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < 6 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source}: not a NumPy .npy file (it does not start with the magic bytes \\x93NUMPY).");
        }
        if (got < 8) throw Truncated(source, "the format version");
        byte major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InvalidDataException($"{source}: .npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are).");
        }

        // Version 1.0 stores the header length in 2 bytes; 2.0 and 3.0 in 4.
        Span<byte> lengthBytes = stackalloc byte[4];
        int lengthSize = major == 1 ? 2 : 4;
        if (stream.ReadAtLeast(lengthBytes[..lengthSize], lengthSize, throwOnEndOfStream: false) < lengthSize)
        {
            throw Truncated(source, "the header length");
        }
        uint length = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (length > 1 << 24)
        {
            throw new InvalidDataException($"{source}: the .npy header claims {length} bytes, far more than any real header; the file is corrupted.");
        }
        var headerBytes = new byte[length];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
        {
            throw Truncated(source, $"the {length}-byte header");
        }

        // 1.0 and 2.0 headers are latin-1; 3.0 added UTF-8 for structured field names.
        string text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        return Parse(text, source);
    }

    private static NpyHeader Parse(string text, string source)
    {
        if (PythonLiteral.Parse(text, source) is not Dictionary<string, object?> dict)
        {
            throw new InvalidDataException($"{source}: the .npy header is not a dict: {text.Trim()}");
        }
        foreach (string key in new[] { "descr", "fortran_order", "shape" })
        {
            if (!dict.ContainsKey(key)) throw new InvalidDataException($"{source}: the .npy header has no '{key}' entry: {text.Trim()}");
        }
        if (dict.Count != 3)
        {
            string extra = string.Join(", ", dict.Keys.Where(k => k is not ("descr" or "fortran_order" or "shape")));
            throw new InvalidDataException($"{source}: the .npy header has unexpected entries ({extra}): {text.Trim()}");
        }
        string descr = dict["descr"] switch
        {
            string s => s,
            List<object?> => throw new InvalidDataException($"{source}: structured (record) arrays are not supported; the header's descr is a list of fields: {text.Trim()}"),
            _ => throw new InvalidDataException($"{source}: the .npy header's descr is not a string: {text.Trim()}"),
        };
        if (dict["fortran_order"] is not bool fortran)
        {
            throw new InvalidDataException($"{source}: the .npy header's fortran_order is not True or False: {text.Trim()}");
        }
        if (dict["shape"] is not List<object?> dims || dims.Any(d => d is not long))
        {
            throw new InvalidDataException($"{source}: the .npy header's shape is not a tuple of integers: {text.Trim()}");
        }
        var shape = new int[dims.Count];
        long size = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long d = (long)dims[i]!;
            if (d is < 0 or > int.MaxValue)
            {
                throw new InvalidDataException($"{source}: the .npy header's shape has an invalid dimension {d}: {text.Trim()}");
            }
            shape[i] = (int)d;
            // Once past the limit, stop multiplying (no overflow); a zero dimension still empties the array.
            size = d == 0 ? 0 : size > int.MaxValue ? size : size * d;
        }
        if (size > int.MaxValue)
        {
            throw new InvalidDataException($"{source}: the array has shape {Strata.Shape.Format(shape)}, more elements than a tensor can hold ({int.MaxValue}).");
        }
        return new NpyHeader(descr, fortran, shape);
    }

    /// <summary>
    /// The header as NumPy writes it (format 1.0): the dict with keys in sorted order, spare room
    /// for the first axis to grow, then spaces and a newline so the data starts on a multiple of 64.
    /// </summary>
    public byte[] ToBytes()
    {
        string shapeText = Strata.Shape.Format(Shape);
        string dict = $"{{'descr': '{Descr}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        if (Shape.Length > 0)
        {
            int growthAxis = FortranOrder ? Shape.Length - 1 : 0;
            dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - Shape[growthAxis].ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        }
        const int prefixLength = 10; // magic (6), version (2), header length (2)
        int unpadded = prefixLength + dict.Length + 1; // + the closing newline
        // As NumPy: a header that already ends on the boundary still gets a full block of padding.
        int padding = Alignment - unpadded % Alignment;
        string header = dict + new string(' ', padding) + "\n";
        if (header.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"Npy.Write: a shape of rank {Shape.Length} makes the header longer than format 1.0 allows.");
        }

        var bytes = new byte[prefixLength + header.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(prefixLength));
        return bytes;
    }

    private static InvalidDataException Truncated(string source, string what) =>
        new($"{source}: the .npy file is truncated: it ends inside {what}.");
}
