using Strata.Compilation;

namespace Strata;

/// <summary>
/// An N-dimensional array: contiguous row-major storage and a shape. Tensors are values:
/// every op returns a new tensor and none changes its inputs (only a <see cref="Variable"/>
/// is assigned in place). Memory is managed; there is nothing to dispose.
/// </summary>
/// <example>
/// <code>
/// Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);   // shape (2, 3)
/// Tensor y = (x * 2f + 1f).Reshape(3, 2);                               // elementwise ops, then a view of 3 x 2
/// Tensor firstRow = x[0];                                                // (3,), as x[0] in NumPy
/// float[] values = y.ToArray&lt;float&gt;();
/// Console.WriteLine(x);                                                  // printed as NumPy prints an array
/// </code>
/// </example>
public partial class Tensor
{
    private Array? _buffer;

    /// <summary>The storage: float[], int[], long[], byte[], bool[] or string[], shared by views. A lazy tensor computes it here, on first use.</summary>
    internal Array Buffer
    {
        get => _buffer ?? Realize();
        set => _buffer = value;
    }

    /// <summary>Marks the host's storage as not current (a variable left on a device); the next use of <see cref="Buffer"/> realizes it.</summary>
    private protected void ReleaseBuffer() => _buffer = null;

    /// <summary>The storage if it is current on the host, without realizing it (another thread may just have).</summary>
    private protected Array? CurrentBuffer => Volatile.Read(ref _buffer);

    /// <summary>Makes storage filled on this thread current for all threads (after the values, never before).</summary>
    private protected void PublishBuffer(Array buffer) => Volatile.Write(ref _buffer, buffer);

    /// <summary>Where this tensor's first element lies in <see cref="Buffer"/> (rebound only by a compiled step's inputs).</summary>
    internal int Offset;

    internal Tensor(Array buffer, int offset, Shape shape, DType dtype)
    {
        Buffer = buffer;
        Offset = offset;
        Shape = shape;
        DType = dtype;
    }

    /// <summary>A new zero-filled tensor.</summary>
    internal Tensor(Shape shape, DType dtype)
        : this(DTypes.NewBuffer(dtype, shape.Size), 0, shape, dtype)
    {
    }

    /// <summary>A lazy tensor: an elementwise op on <paramref name="inputs"/> computed when its elements are first read (see <see cref="LazyElementwise"/>).</summary>
    internal Tensor(Shape shape, DType dtype, Kernel kernel, Tensor[] inputs)
    {
        Shape = shape;
        DType = dtype;
        _pending = new LazyElementwise(kernel, inputs);
    }

    private LazyElementwise? _pending;

    /// <summary>The op still to compute, for a lazy tensor not yet read.</summary>
    internal LazyElementwise? Pending => _pending;

    /// <summary>
    /// The storage, made current on the host: a lazy tensor computes its elements (with the lazy ops it reads, in one
    /// fused pass) and forgets how; a variable whose current value a device holds (<see cref="Variable"/>) copies it back.
    /// </summary>
    private protected virtual Array Realize()
    {
        LazyElementwise pending = _pending ?? throw new InvalidOperationException("A tensor has no storage.");
        lock (pending)
        {
            if (_buffer is null)
            {
                _buffer = pending.Compute(this);
                _pending = null; // its inputs may now be collected
            }
        }
        return _buffer;
    }

    /// <summary>The dimensions, batch axis first where there is one.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The number of axes (0 for a scalar).</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>The elements, read-only; T must match the dtype.</summary>
    internal ReadOnlySpan<T> Data<T>() => Span<T>();

    /// <summary>The elements, writable: only for kernels filling a tensor they just created.</summary>
    internal Span<T> Span<T>()
    {
        Trace.HostAccess(this);
        if (Buffer is not T[] array)
        {
            throw new ArgumentException($"Tensor has dtype {DType.Name()}; it cannot be read as {typeof(T).Name}.");
        }
        return new Span<T>(array, Offset, Size);
    }

    internal T[] Array<T>()
    {
        Trace.HostAccess(this);
        return (T[])Buffer;
    }

    /// <summary>A row-major copy of the elements.</summary>
    public T[] ToArray<T>() => ElementsOf<T>("ToArray").ToArray();

    /// <summary>The single element of a scalar or one-element tensor, as T.</summary>
    public T Item<T>()
    {
        if (Size != 1)
        {
            throw new ArgumentException($"Item: the tensor has shape {Shape} ({Size} elements); only a one-element tensor converts to a scalar.");
        }
        return ToArray<T>()[0];
    }

    /// <summary>The single element as a float, whatever the dtype.</summary>
    public float ToScalar() => AsType(DType.Float32).Item<float>();

    /// <summary>
    /// A tensor with another shape over the same storage (callers check sizes). A variable is
    /// assigned in place, so a view of one would see later assignments: it gets a copy instead.
    /// </summary>
    internal Tensor View(Shape shape) => View(shape, 0);

    /// <summary>A view of <paramref name="shape"/> starting <paramref name="start"/> elements in.</summary>
    internal Tensor View(Shape shape, int start) => this is Variable
        ? Copy().View(shape, start)
        : Trace.Viewed(this, new(Buffer, Offset + start, shape, DType));

    /// <summary>A tensor that owns a fresh copy of the elements (an op: a compiled step copies too).</summary>
    internal Tensor Copy() => Ops.Run(CopyKernel, Shape, DType, this);

    private static readonly Kernel CopyKernel = new("Copy", static (x, y) => System.Array.Copy(x[0].Buffer, x[0].Offset, y.Buffer, y.Offset, y.Size)) { TakesStrings = true };
}
