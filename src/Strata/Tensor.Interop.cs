using NumericsTensor = System.Numerics.Tensors.Tensor;

namespace Strata;

// Data in and out without copies where the layouts allow: spans and memory over a tensor's storage, multi-dimensional
// arrays, and System.Numerics.Tensors.Tensor<T> (which ONNX Runtime and other .NET libraries use).
public partial class Tensor
{
    /// <summary>The elements in row-major order, read in place (no copy); T must match the dtype.</summary>
    public ReadOnlySpan<T> AsReadOnlySpan<T>() => ElementsOf<T>("AsReadOnlySpan");

    /// <summary>
    /// The elements in row-major order, writable in place (no copy). Tensors are values that ops never change, and
    /// views share storage: write only into a tensor you made yourself (e.g. <see cref="Zeros(int[])"/>) before any op
    /// or model has read it; to change a weight, use <see cref="Variable.Assign"/>.
    /// </summary>
    public Span<T> AsSpan<T>() => ElementsOf<T>("AsSpan");

    /// <summary>The elements as <see cref="ReadOnlyMemory{T}"/> over the storage (no copy), for APIs that keep a buffer past one call.</summary>
    public ReadOnlyMemory<T> AsReadOnlyMemory<T>() => AsMemory<T>();

    /// <summary>The elements as <see cref="Memory{T}"/> over the storage (no copy); writing follows <see cref="AsSpan{T}"/>'s rule.</summary>
    public Memory<T> AsMemory<T>()
    {
        ElementsOf<T>("AsMemory");
        return new Memory<T>((T[])Buffer, Offset, Size);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/>, shaped as given (1-D when no shape is given).</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, params int[] shape) => FromArray(data.ToArray(), shape);

    /// <summary>A (rows, columns) tensor holding a copy of a 2-D array, as NumPy's <c>np.array([[…], […]])</c>.</summary>
    public static Tensor FromArray<T>(T[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray(Flatten<T>(data), data.GetLength(0), data.GetLength(1));
    }

    /// <summary>A 3-D tensor holding a copy of a 3-D array.</summary>
    public static Tensor FromArray<T>(T[,,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray(Flatten<T>(data), data.GetLength(0), data.GetLength(1), data.GetLength(2));
    }

    /// <summary>A copy of a rank-2 tensor as a 2-D array; T must match the dtype.</summary>
    public T[,] ToArray2D<T>()
    {
        if (Rank != 2) throw new ArgumentException($"ToArray2D: the tensor has shape {Shape}; only a rank-2 tensor converts to a 2-D array.");
        ReadOnlySpan<T> values = ElementsOf<T>("ToArray2D");
        var result = new T[Shape[0], Shape[1]];
        for (int i = 0; i < Shape[0]; i++)
        {
            for (int j = 0; j < Shape[1]; j++) result[i, j] = values[(i * Shape[1]) + j];
        }
        return result;
    }

    /// <summary>
    /// The tensor as a <see cref="System.Numerics.Tensors.Tensor{T}"/> over the same storage (no copy): dense, row-major.
    /// Writing into it writes into this tensor, under <see cref="AsSpan{T}"/>'s rule.
    /// </summary>
    public System.Numerics.Tensors.Tensor<T> AsNumericsTensor<T>()
    {
        ElementsOf<T>("AsNumericsTensor");
        nint[] lengths = Shape.Dims.Select(d => (nint)d).ToArray();
        nint[] strides = Shape.Strides().Select(s => (nint)s).ToArray();
        return NumericsTensor.Create((T[])Buffer, Offset, lengths, strides);
    }

    /// <summary>A tensor holding a copy of a <see cref="System.Numerics.Tensors.Tensor{T}"/>'s elements (any strides), in row-major order.</summary>
    public static Tensor FromNumericsTensor<T>(System.Numerics.Tensors.Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int[] shape = tensor.Lengths.ToArray().Select(d => checked((int)d)).ToArray();
        var values = new T[checked((int)tensor.FlattenedLength)];
        tensor.FlattenTo(values);
        return FromArray(values, shape);
    }

    /// <summary>The elements of a multi-dimensional array in row-major order (C# enumerates them so).</summary>
    private static T[] Flatten<T>(Array data)
    {
        var values = new T[data.Length];
        int i = 0;
        foreach (T value in data) values[i++] = value;
        return values;
    }

    private Span<T> ElementsOf<T>(string op)
    {
        if (DTypes.Of<T>() != DType)
        {
            throw new ArgumentException($"{op}<{typeof(T).Name}>: the tensor has dtype {DType.Name()}; call AsType(DType.{DTypes.Of<T>()}) first or ask for the matching element type.");
        }
        return Span<T>();
    }
}
