using System.Runtime.InteropServices;

namespace Strata.Datasets;

/// <summary>
/// One .npy element type (a descr such as "&lt;f4"): its kind, size and byte order, and how its
/// raw bytes become a tensor. Float64 narrows to Float32 and the small integer types widen to the
/// nearest tensor dtype that holds every value, as the Keras loaders' arrays are used.
/// </summary>
internal readonly record struct NpyFormat(char Kind, int ItemSize, bool BigEndian)
{
    /// <summary>The descr NumPy writes for a tensor of this dtype (little-endian).</summary>
    public static string DescrOf(DType dtype) => dtype switch
    {
        DType.Float32 => "<f4",
        DType.Int32 => "<i4",
        DType.Int64 => "<i8",
        DType.UInt8 => "|u1",
        DType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    public static NpyFormat Parse(string descr, string source)
    {
        // descr = byte order ('<' little, '>' big, '|' not applicable, '=' native) + kind + size.
        string rest = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        bool big = descr.StartsWith('>') || (descr.StartsWith('=') && !BitConverter.IsLittleEndian);
        if (rest.Length >= 2 && int.TryParse(rest.AsSpan(1), out int size))
        {
            var format = new NpyFormat(rest[0], size, big);
            if (format.IsSupported) return format;
        }
        if (rest == "O")
        {
            throw new InvalidDataException($"{source}: the array holds pickled Python objects (descr '{descr}'); Npy.Read reads numeric arrays only. Object arrays (as in imdb.npz) are read by the Npz reader.");
        }
        throw new InvalidDataException($"{source}: unsupported .npy element type '{descr}' (supported: float16/32/64, int8/16/32/64, uint8/16/32/64 and bool).");
    }

    private bool IsSupported => (Kind, ItemSize) is ('f', 2 or 4 or 8) or ('i', 1 or 2 or 4 or 8) or ('u', 1 or 2 or 4 or 8) or ('b', 1);

    /// <summary>The dtype of the tensor this element type reads into.</summary>
    public DType Target => (Kind, ItemSize) switch
    {
        ('f', _) => DType.Float32,
        ('i', 8) or ('u', 4 or 8) => DType.Int64,
        ('u', 1) => DType.UInt8,
        ('b', _) => DType.Bool,
        _ => DType.Int32,
    };

    /// <summary>
    /// Converts the raw element bytes (in file order) at <paramref name="start"/> of <paramref name="raw"/> to a
    /// tensor buffer of <see cref="Target"/> and the offset of the first element in it. Unsigned bytes need no
    /// conversion: the buffer is <paramref name="raw"/> itself (MNIST's training images are 47 MB).
    /// </summary>
    public (Array Buffer, int Offset) Decode(byte[] raw, int start, int count, string source)
    {
        Span<byte> bytes = raw.AsSpan(start, count * ItemSize);
        if (ItemSize > 1 && BigEndian == BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < count; i++) bytes.Slice(i * ItemSize, ItemSize).Reverse();
        }
        return (Kind, ItemSize) switch
        {
            ('u', 1) => (raw, start),
            _ => (Convert(bytes, source), 0),
        };
    }

    private Array Convert(ReadOnlySpan<byte> bytes, string source)
    {
        switch (Kind, ItemSize)
        {
            case ('f', 4): return Copy(MemoryMarshal.Cast<byte, float>(bytes));
            case ('f', 8): return Convert(MemoryMarshal.Cast<byte, double>(bytes), v => (float)v);
            case ('f', 2): return Convert(MemoryMarshal.Cast<byte, Half>(bytes), v => (float)v);
            case ('i', 1): return Convert(MemoryMarshal.Cast<byte, sbyte>(bytes), v => (int)v);
            case ('i', 2): return Convert(MemoryMarshal.Cast<byte, short>(bytes), v => (int)v);
            case ('i', 4): return Copy(MemoryMarshal.Cast<byte, int>(bytes));
            case ('i', 8): return Copy(MemoryMarshal.Cast<byte, long>(bytes));
            case ('u', 2): return Convert(MemoryMarshal.Cast<byte, ushort>(bytes), v => (int)v);
            case ('u', 4): return Convert(MemoryMarshal.Cast<byte, uint>(bytes), v => (long)v);
            case ('u', 8):
                return Convert(MemoryMarshal.Cast<byte, ulong>(bytes), v => v <= long.MaxValue ? (long)v
                    : throw new InvalidDataException($"{source}: uint64 value {v} does not fit in int64, the widest integer tensor."));
            default: // ('b', 1): NumPy stores bools as bytes; any non-zero byte is true.
                return Convert(bytes, v => v != 0);
        }
    }

    private static T[] Copy<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        T[] result = LargeArrays.New<T>(values.Length);
        values.CopyTo(result);
        return result;
    }

    private static TOut[] Convert<TIn, TOut>(ReadOnlySpan<TIn> values, Func<TIn, TOut> convert) where TOut : unmanaged
    {
        TOut[] result = LargeArrays.New<TOut>(values.Length);
        for (int i = 0; i < result.Length; i++) result[i] = convert(values[i]);
        return result;
    }

    /// <summary>A tensor's elements as little-endian bytes, the order <see cref="DescrOf"/> declares.</summary>
    public static ReadOnlySpan<byte> Encode(Tensor tensor)
    {
        ReadOnlySpan<byte> bytes = tensor.DType switch
        {
            DType.Float32 => MemoryMarshal.AsBytes(tensor.Data<float>()),
            DType.Int32 => MemoryMarshal.AsBytes(tensor.Data<int>()),
            DType.Int64 => MemoryMarshal.AsBytes(tensor.Data<long>()),
            DType.UInt8 => tensor.Data<byte>(),
            DType.Bool => MemoryMarshal.AsBytes(tensor.Data<bool>()), // .NET bools are single 0/1 bytes, as NumPy's
            _ => throw new ArgumentOutOfRangeException(nameof(tensor), tensor.DType, "Unknown dtype."),
        };
        if (BitConverter.IsLittleEndian || tensor.DType is DType.UInt8 or DType.Bool) return bytes;
        int itemSize = tensor.DType == DType.Int64 ? 8 : 4;
        byte[] swapped = bytes.ToArray();
        for (int i = 0; i < swapped.Length; i += itemSize) swapped.AsSpan(i, itemSize).Reverse();
        return swapped;
    }
}
