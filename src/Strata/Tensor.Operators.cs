namespace Strata;

// C# operators and instance shortcuts: thin aliases of Ops, so x.Reshape(...) and Ops.Reshape(x, ...) agree.
public partial class Tensor
{
    /// <summary>Elementwise sum, broadcasting as NumPy (<see cref="Ops.Add"/>).</summary>
    public static Tensor operator +(Tensor x, Tensor y) => Ops.Add(x, y);
    /// <summary>Adds a float32 scalar to every element.</summary>
    public static Tensor operator +(Tensor x, float y) => Ops.Add(x, Scalar(y));
    /// <summary>Adds a float32 scalar to every element.</summary>
    public static Tensor operator +(float x, Tensor y) => Ops.Add(Scalar(x), y);
    /// <summary>Adds an int32 scalar to every element; dtypes promote as <see cref="Ops.Add"/>.</summary>
    public static Tensor operator +(Tensor x, int y) => Ops.Add(x, Scalar(y));
    /// <summary>Adds an int32 scalar to every element; dtypes promote as <see cref="Ops.Add"/>.</summary>
    public static Tensor operator +(int x, Tensor y) => Ops.Add(Scalar(x), y);

    /// <summary>Elementwise difference, broadcasting as NumPy (<see cref="Ops.Subtract"/>).</summary>
    public static Tensor operator -(Tensor x, Tensor y) => Ops.Subtract(x, y);
    /// <summary>Subtracts a float32 scalar from every element.</summary>
    public static Tensor operator -(Tensor x, float y) => Ops.Subtract(x, Scalar(y));
    /// <summary>A float32 scalar minus every element.</summary>
    public static Tensor operator -(float x, Tensor y) => Ops.Subtract(Scalar(x), y);
    /// <summary>Subtracts an int32 scalar from every element; dtypes promote as <see cref="Ops.Subtract"/>.</summary>
    public static Tensor operator -(Tensor x, int y) => Ops.Subtract(x, Scalar(y));
    /// <summary>An int32 scalar minus every element; dtypes promote as <see cref="Ops.Subtract"/>.</summary>
    public static Tensor operator -(int x, Tensor y) => Ops.Subtract(Scalar(x), y);
    /// <summary>Elementwise negation (<see cref="Ops.Negative"/>).</summary>
    public static Tensor operator -(Tensor x) => Ops.Negative(x);

    /// <summary>Elementwise product, broadcasting as NumPy (<see cref="Ops.Multiply"/>); for the matrix product see <see cref="MatMul"/>.</summary>
    public static Tensor operator *(Tensor x, Tensor y) => Ops.Multiply(x, y);
    /// <summary>Multiplies every element by a float32 scalar.</summary>
    public static Tensor operator *(Tensor x, float y) => Ops.Multiply(x, Scalar(y));
    /// <summary>Multiplies every element by a float32 scalar.</summary>
    public static Tensor operator *(float x, Tensor y) => Ops.Multiply(Scalar(x), y);
    /// <summary>Multiplies every element by an int32 scalar; dtypes promote as <see cref="Ops.Multiply"/>.</summary>
    public static Tensor operator *(Tensor x, int y) => Ops.Multiply(x, Scalar(y));
    /// <summary>Multiplies every element by an int32 scalar; dtypes promote as <see cref="Ops.Multiply"/>.</summary>
    public static Tensor operator *(int x, Tensor y) => Ops.Multiply(Scalar(x), y);

    /// <summary>Elementwise true division, broadcasting as NumPy; always float32 (<see cref="Ops.Divide"/>).</summary>
    public static Tensor operator /(Tensor x, Tensor y) => Ops.Divide(x, y);
    /// <summary>Divides every element by a float32 scalar; float32.</summary>
    public static Tensor operator /(Tensor x, float y) => Ops.Divide(x, Scalar(y));
    /// <summary>A float32 scalar divided by every element; float32.</summary>
    public static Tensor operator /(float x, Tensor y) => Ops.Divide(Scalar(x), y);

    /// <summary>Elementwise x &lt; y as a bool tensor, broadcasting as NumPy (<see cref="Ops.Less"/>).</summary>
    public static Tensor operator <(Tensor x, Tensor y) => Ops.Less(x, y);
    /// <summary>Elementwise x &gt; y as a bool tensor, broadcasting as NumPy (<see cref="Ops.Greater"/>).</summary>
    public static Tensor operator >(Tensor x, Tensor y) => Ops.Greater(x, y);
    /// <summary>Elementwise x &lt;= y as a bool tensor, broadcasting as NumPy (<see cref="Ops.LessEqual"/>).</summary>
    public static Tensor operator <=(Tensor x, Tensor y) => Ops.LessEqual(x, y);
    /// <summary>Elementwise x &gt;= y as a bool tensor, broadcasting as NumPy (<see cref="Ops.GreaterEqual"/>).</summary>
    public static Tensor operator >=(Tensor x, Tensor y) => Ops.GreaterEqual(x, y);
    /// <summary>Elementwise x &lt; y against a float32 scalar, as a bool tensor.</summary>
    public static Tensor operator <(Tensor x, float y) => Ops.Less(x, Scalar(y));
    /// <summary>Elementwise x &gt; y against a float32 scalar, as a bool tensor.</summary>
    public static Tensor operator >(Tensor x, float y) => Ops.Greater(x, Scalar(y));
    /// <summary>Elementwise x &lt;= y against a float32 scalar, as a bool tensor.</summary>
    public static Tensor operator <=(Tensor x, float y) => Ops.LessEqual(x, Scalar(y));
    /// <summary>Elementwise x &gt;= y against a float32 scalar, as a bool tensor.</summary>
    public static Tensor operator >=(Tensor x, float y) => Ops.GreaterEqual(x, Scalar(y));

    /// <summary>The elements converted to <paramref name="dtype"/>, as NumPy's <c>astype</c> (<see cref="Ops.Cast"/>); this tensor itself when the dtype already matches.</summary>
    public Tensor AsType(DType dtype) => Ops.Cast(this, dtype);

    /// <summary>The same elements in another shape; one dimension may be -1 and is then inferred (<see cref="Ops.Reshape"/>).</summary>
    public Tensor Reshape(params int[] shape) => Ops.Reshape(this, shape);

    /// <summary>Permutes the axes: <paramref name="axes"/>[i] is the input axis that becomes axis i; with no axes, reverses them, as NumPy (<see cref="Ops.Transpose"/>).</summary>
    public Tensor Transpose(params int[] axes) => Ops.Transpose(this, axes.Length == 0 ? null : axes);

    /// <summary>Keras's name for <see cref="Transpose"/> with explicit axes (<see cref="Ops.Permute"/>).</summary>
    public Tensor Permute(params int[] axes) => Ops.Permute(this, axes);

    /// <summary>Inserts an axis of size 1 at <paramref name="axis"/> (-1 appends it) (<see cref="Ops.ExpandDims"/>).</summary>
    public Tensor ExpandDims(int axis) => Ops.ExpandDims(this, axis);

    /// <summary>Removes axes of size 1: <paramref name="axis"/>, or all of them when null (<see cref="Ops.Squeeze"/>).</summary>
    public Tensor Squeeze(int? axis = null) => Ops.Squeeze(this, axis);

    /// <summary>The matrix product with <paramref name="other"/>, as NumPy's matmul (<see cref="Ops.MatMul(Tensor, Tensor)"/>).</summary>
    public Tensor MatMul(Tensor other) => Ops.MatMul(this, other);

    /// <summary>The sum over <paramref name="axis"/>, or over all elements when null; <paramref name="keepDims"/> keeps reduced axes with size 1.</summary>
    public Tensor Sum(int? axis = null, bool keepDims = false) => Ops.Sum(this, axis, keepDims);

    /// <summary>The mean over <paramref name="axis"/>, or over all elements when null, as float32; <paramref name="keepDims"/> keeps reduced axes with size 1.</summary>
    public Tensor Mean(int? axis = null, bool keepDims = false) => Ops.Mean(this, axis, keepDims);

    /// <summary>The largest element over <paramref name="axis"/>, or over all elements when null; <paramref name="keepDims"/> keeps reduced axes with size 1.</summary>
    public Tensor Max(int? axis = null, bool keepDims = false) => Ops.Max(this, axis, keepDims);

    /// <summary>The smallest element over <paramref name="axis"/>, or over all elements when null; <paramref name="keepDims"/> keeps reduced axes with size 1.</summary>
    public Tensor Min(int? axis = null, bool keepDims = false) => Ops.Min(this, axis, keepDims);

    /// <summary>The index of the largest element along <paramref name="axis"/> (of the flattened tensor when null), int32; the first one on ties.</summary>
    public Tensor ArgMax(int? axis = null, bool keepDims = false) => Ops.ArgMax(this, axis, keepDims);

    /// <summary>Gathers slices along <paramref name="axis"/> at <paramref name="indices"/> (negative ones count from the end), as NumPy's take.</summary>
    public Tensor Take(Tensor indices, int axis = 0) => Ops.Take(this, indices, axis);

    /// <summary>Gathers slices along <paramref name="axis"/> at <paramref name="indices"/> (negative ones count from the end), as NumPy's take.</summary>
    public Tensor Take(int[] indices, int axis = 0) => Ops.Take(this, indices, axis);
}
