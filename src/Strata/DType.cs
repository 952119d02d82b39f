namespace Strata;

/// <summary>
/// The element type of a tensor. Float32 is the compute type; the integer types hold labels, indices and raw
/// data; String holds texts (Keras's "string" inputs), which only preprocessing layers such as
/// TextVectorization read: arithmetic is not defined on them.
/// </summary>
public enum DType
{
    /// <summary>32-bit float (NumPy's float32): the compute type of weights and activations.</summary>
    Float32,
    /// <summary>32-bit signed integer (int32): labels, indices, token ids.</summary>
    Int32,
    /// <summary>64-bit signed integer (int64).</summary>
    Int64,
    /// <summary>8-bit unsigned integer (uint8): raw image bytes.</summary>
    UInt8,
    /// <summary>Boolean (bool): the result of comparisons, and masks.</summary>
    Bool,
    /// <summary>Text (Keras's "string"): read only by preprocessing layers such as TextVectorization.</summary>
    String,
}

/// <summary>Names, sizes and promotion rules of <see cref="DType"/>.</summary>
public static class DTypes
{
    /// <summary>The NumPy name: float32, int32, int64, uint8, bool; Keras's "string" for texts.</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Int32 => "int32",
        DType.Int64 => "int64",
        DType.UInt8 => "uint8",
        DType.Bool => "bool",
        DType.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>True for a floating-point dtype (only <see cref="DType.Float32"/>).</summary>
    public static bool IsFloating(this DType dtype) => dtype == DType.Float32;

    /// <summary>Bytes per element (for strings, the reference's: their characters live elsewhere).</summary>
    public static int ByteSize(this DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Int64 or DType.String => 8,
        _ => 1,
    };

    /// <summary>True for int32, int64 and uint8; false for bool, float32 and string.</summary>
    public static bool IsInteger(this DType dtype) => dtype is DType.Int32 or DType.Int64 or DType.UInt8;

    /// <summary>The dtype of T, for the element types a tensor can hold.</summary>
    public static DType Of<T>() => typeof(T) == typeof(float) ? DType.Float32
        : typeof(T) == typeof(int) ? DType.Int32
        : typeof(T) == typeof(long) ? DType.Int64
        : typeof(T) == typeof(byte) ? DType.UInt8
        : typeof(T) == typeof(bool) ? DType.Bool
        : typeof(T) == typeof(string) ? DType.String
        : throw new ArgumentException($"Tensors hold float, int, long, byte, bool or string elements, not {typeof(T).Name}.");

    /// <summary>
    /// The dtype two operands are converted to before an arithmetic op, as NumPy does:
    /// float wins, then the wider integer; bool alone stays bool.
    /// </summary>
    public static DType Promote(DType a, DType b)
    {
        if (a == b) return a;
        if (a == DType.String || b == DType.String)
        {
            throw new ArgumentException($"A string tensor does not combine with a {(a == DType.String ? b : a).Name()} one: arithmetic is not defined on strings (turn texts into numbers with TextVectorization).");
        }
        if (a == DType.Float32 || b == DType.Float32) return DType.Float32;
        if (a == DType.Int64 || b == DType.Int64) return DType.Int64;
        if (a == DType.Int32 || b == DType.Int32) return DType.Int32;
        return DType.UInt8; // uint8 with bool
    }

    internal static Array NewBuffer(DType dtype, int size) => dtype switch
    {
        DType.Float32 => LargeArrays.New<float>(size),
        DType.Int32 => LargeArrays.New<int>(size),
        DType.Int64 => LargeArrays.New<long>(size),
        DType.UInt8 => LargeArrays.New<byte>(size),
        DType.Bool => LargeArrays.New<bool>(size),
        DType.String => EmptyStrings(size),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>Strings start empty, not null, as NumPy's and TensorFlow's string zeros are "".</summary>
    private static string[] EmptyStrings(int size)
    {
        var strings = new string[size];
        System.Array.Fill(strings, "");
        return strings;
    }
}
