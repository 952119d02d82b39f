namespace Strata;

// C# operators and instance shortcuts: thin aliases of Ops, so x.Reshape(...) and Ops.Reshape(x, ...) agree.
public partial class Tensor
{
    public static Tensor operator +(Tensor x, Tensor y) => Ops.Add(x, y);
    public static Tensor operator +(Tensor x, float y) => Ops.Add(x, Scalar(y));
    public static Tensor operator +(float x, Tensor y) => Ops.Add(Scalar(x), y);
    public static Tensor operator +(Tensor x, int y) => Ops.Add(x, Scalar(y));
    public static Tensor operator +(int x, Tensor y) => Ops.Add(Scalar(x), y);

    public static Tensor operator -(Tensor x, Tensor y) => Ops.Subtract(x, y);
    public static Tensor operator -(Tensor x, float y) => Ops.Subtract(x, Scalar(y));
    public static Tensor operator -(float x, Tensor y) => Ops.Subtract(Scalar(x), y);
    public static Tensor operator -(Tensor x, int y) => Ops.Subtract(x, Scalar(y));
    public static Tensor operator -(int x, Tensor y) => Ops.Subtract(Scalar(x), y);
    public static Tensor operator -(Tensor x) => Ops.Negative(x);

    public static Tensor operator *(Tensor x, Tensor y) => Ops.Multiply(x, y);
    public static Tensor operator *(Tensor x, float y) => Ops.Multiply(x, Scalar(y));
    public static Tensor operator *(float x, Tensor y) => Ops.Multiply(Scalar(x), y);
    public static Tensor operator *(Tensor x, int y) => Ops.Multiply(x, Scalar(y));
    public static Tensor operator *(int x, Tensor y) => Ops.Multiply(Scalar(x), y);

    public static Tensor operator /(Tensor x, Tensor y) => Ops.Divide(x, y);
    public static Tensor operator /(Tensor x, float y) => Ops.Divide(x, Scalar(y));
    public static Tensor operator /(float x, Tensor y) => Ops.Divide(Scalar(x), y);

    public static Tensor operator <(Tensor x, Tensor y) => Ops.Less(x, y);
    public static Tensor operator >(Tensor x, Tensor y) => Ops.Greater(x, y);
    public static Tensor operator <=(Tensor x, Tensor y) => Ops.LessEqual(x, y);
    public static Tensor operator >=(Tensor x, Tensor y) => Ops.GreaterEqual(x, y);
    public static Tensor operator <(Tensor x, float y) => Ops.Less(x, Scalar(y));
    public static Tensor operator >(Tensor x, float y) => Ops.Greater(x, Scalar(y));
    public static Tensor operator <=(Tensor x, float y) => Ops.LessEqual(x, Scalar(y));
    public static Tensor operator >=(Tensor x, float y) => Ops.GreaterEqual(x, Scalar(y));

    public Tensor AsType(DType dtype) => Ops.Cast(this, dtype);

    public Tensor Reshape(params int[] shape) => Ops.Reshape(this, shape);

    public Tensor Transpose(params int[] axes) => Ops.Transpose(this, axes.Length == 0 ? null : axes);

    public Tensor Permute(params int[] axes) => Ops.Permute(this, axes);

    public Tensor ExpandDims(int axis) => Ops.ExpandDims(this, axis);

    public Tensor Squeeze(int? axis = null) => Ops.Squeeze(this, axis);

    public Tensor MatMul(Tensor other) => Ops.MatMul(this, other);

    public Tensor Sum(int? axis = null, bool keepDims = false) => Ops.Sum(this, axis, keepDims);

    public Tensor Mean(int? axis = null, bool keepDims = false) => Ops.Mean(this, axis, keepDims);

    public Tensor Max(int? axis = null, bool keepDims = false) => Ops.Max(this, axis, keepDims);

    public Tensor Min(int? axis = null, bool keepDims = false) => Ops.Min(this, axis, keepDims);

    public Tensor ArgMax(int? axis = null, bool keepDims = false) => Ops.ArgMax(this, axis, keepDims);

    public Tensor Take(Tensor indices, int axis = 0) => Ops.Take(this, indices, axis);

    public Tensor Take(int[] indices, int axis = 0) => Ops.Take(this, indices, axis);
}
