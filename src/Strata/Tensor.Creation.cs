namespace Strata;

public partial class Tensor
{
    /// <summary>A tensor holding a copy of <paramref name="data"/>, shaped as given (1-D when no shape is given).</summary>
    public static Tensor FromArray<T>(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        Shape s = shape.Length == 0 ? Shape.Own([data.Length]) : new Shape(shape);
        if (s.Size != data.Length)
        {
            throw new ArgumentException($"FromArray: {data.Length} values cannot fill shape {s} ({s.Size} elements).", nameof(shape));
        }
        if (data is string[] texts && System.Array.IndexOf(texts, null) is int missing and >= 0)
        {
            throw new ArgumentException($"FromArray: string {missing} is null; a string tensor holds texts (use \"\" for an empty one).", nameof(data));
        }
        return new Tensor((T[])data.Clone(), 0, s, DTypes.Of<T>());
    }

    /// <summary>A rank-0 tensor.</summary>
    public static Tensor Scalar(float value) => new(new[] { value }, 0, Shape.Scalar, DType.Float32);

    /// <summary>A rank-0 tensor of another dtype.</summary>
    public static Tensor Scalar<T>(T value) => new(new[] { value }, 0, Shape.Scalar, DTypes.Of<T>());

    /// <summary>A float32 tensor of zeros: <c>Tensor.Zeros(2, 3)</c>.</summary>
    public static Tensor Zeros(params int[] shape) => new(new Shape(shape), DType.Float32);

    /// <summary>A tensor of zeros of the given dtype (float32 by default); false for bool, "" for string.</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32) => new(shape, dtype);

    /// <summary>A float32 tensor of ones: <c>Tensor.Ones(2, 3)</c>.</summary>
    public static Tensor Ones(params int[] shape) => Full(new Shape(shape), 1f);

    /// <summary>A tensor of ones of the given dtype (float32 by default).</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32) => Full(shape, 1f).AsType(dtype);

    /// <summary>Zeros with the shape and dtype of <paramref name="x"/>.</summary>
    public static Tensor ZerosLike(Tensor x) => new(x.Shape, x.DType);

    /// <summary>Ones with the shape and dtype of <paramref name="x"/>.</summary>
    public static Tensor OnesLike(Tensor x) => Ones(x.Shape, x.DType);

    /// <summary>A float32 tensor filled with one value: <c>Tensor.Full([2, 3], 0.5f)</c>.</summary>
    public static Tensor Full(int[] shape, float value) => Full(new Shape(shape), value);

    /// <summary>A tensor of T filled with one value.</summary>
    public static Tensor Full<T>(int[] shape, T value) => Full(new Shape(shape), value);

    /// <summary>A float32 tensor filled with one value.</summary>
    public static Tensor Full(Shape shape, float value)
    {
        var t = new Tensor(shape, DType.Float32);
        t.Span<float>().Fill(value);
        return t;
    }

    /// <summary>A tensor of another dtype filled with one value.</summary>
    public static Tensor Full<T>(Shape shape, T value)
    {
        var t = new Tensor(shape, DTypes.Of<T>());
        t.Span<T>().Fill(value);
        return t;
    }

    /// <summary>0, 1, ..., stop-1 as int32.</summary>
    public static Tensor Arange(int stop) => Arange(0, stop);

    /// <summary>start, start+step, ... below stop (above it for a negative step), as int32.</summary>
    public static Tensor Arange(int start, int stop, int step = 1)
    {
        int count = ArangeCount(start, stop, step);
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = start + i * step;
        return new Tensor(values, 0, Shape.Own([count]), DType.Int32);
    }

    /// <summary>start, start+step, ... below stop, as float32.</summary>
    public static Tensor Arange(float start, float stop, float step = 1f)
    {
        int count = ArangeCount(start, stop, step);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = start + i * step;
        return new Tensor(values, 0, Shape.Own([count]), DType.Float32);
    }

    private static int ArangeCount(double start, double stop, double step)
    {
        if (step == 0 || !double.IsFinite(step)) throw new ArgumentException($"Arange: step must be a finite non-zero number, got {step}.", nameof(step));
        double count = Math.Max(0, Math.Ceiling((stop - start) / step));
        return count <= int.MaxValue ? (int)count
            : throw new ArgumentException($"Arange: {start} to {stop} by {step} gives {count} elements, more than a tensor can hold.", nameof(stop));
    }

    /// <summary>Normally distributed float32 values. Without a seed, draws from the global generator (<see cref="Random.SetSeed"/>).</summary>
    public static Tensor Normal(int[] shape, float mean = 0f, float stddev = 1f, int? seed = null)
    {
        var t = new Tensor(new Shape(shape), DType.Float32);
        Random.For(seed).FillNormal(t.Span<float>(), mean, stddev);
        return t;
    }

    /// <summary>Uniform float32 values in [minval, maxval). Without a seed, draws from the global generator.</summary>
    public static Tensor Uniform(int[] shape, float minval = 0f, float maxval = 1f, int? seed = null)
    {
        if (!(maxval >= minval)) throw new ArgumentException($"Uniform: maxval ({maxval}) must not be below minval ({minval}).", nameof(maxval));
        var t = new Tensor(new Shape(shape), DType.Float32);
        Random.For(seed).FillUniform(t.Span<float>(), minval, maxval);
        return t;
    }
}
