using System.Numerics.Tensors;
using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x)
    {
        // The gradient reads the output (y > 0 exactly where x > 0), so the input need not be kept:
        // a compiled step can fuse the bias and ReLU into the product that makes x.
        Tensor y = Map(ReluKernel, ToFloat(x, "Relu"));
        return y.Record(x, g => Where(Greater(y, Scalar0), g, Scalar0));
    }

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        Tensor y = Map(SigmoidKernel, ToFloat(x, "Sigmoid"));
        return y.Record(x, g => g * y * (1f - y));
    }

    public static Tensor Tanh(Tensor x)
    {
        Tensor y = Map(TanhKernel, ToFloat(x, "Tanh"));
        return y.Record(x, g => g * (1f - Square(y)));
    }

    /// <summary>exp(x) / sum(exp(x)) along <paramref name="axis"/>.</summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = Shape.NormalizeAxis(axis, x.Rank, "Softmax");
        Tensor y = Run(SoftmaxKernel.For(a, x.Rank, log: false), x.Shape, DType.Float32, ToFloat(x, "Softmax"));
        return y.Record(x, g => y * (g - Sum(g * y, a, keepDims: true)));
    }

    /// <summary>x - log(sum(exp(x))) along <paramref name="axis"/>, computed stably.</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = Shape.NormalizeAxis(axis, x.Rank, "LogSoftmax");
        Tensor y = Run(SoftmaxKernel.For(a, x.Rank, log: true), x.Shape, DType.Float32, ToFloat(x, "LogSoftmax"));
        return y.Record(x, g => g - Exp(y) * Sum(g, a, keepDims: true));
    }

    private static readonly Kernel ReluKernel = Unary("Relu", static (s, d) => TensorPrimitives.Max(s, 0f, d));
    private static readonly Kernel SigmoidKernel = Unary("Sigmoid", static (s, d) => TensorPrimitives.Sigmoid(s, d));
    private static readonly Kernel TanhKernel = Unary("Tanh", static (s, d) => TensorPrimitives.Tanh(s, d));
}
