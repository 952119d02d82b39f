using System.Numerics.Tensors;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) =>
        Map(ToFloat(x, "Relu"), static (s, d) => TensorPrimitives.Max(s, 0f, d))
            .Record(x, g => Where(Greater(x, Scalar0), g, Scalar0));

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        Tensor y = Map(ToFloat(x, "Sigmoid"), static (s, d) => TensorPrimitives.Sigmoid(s, d));
        return y.Record(x, g => g * y * (1f - y));
    }

    public static Tensor Tanh(Tensor x)
    {
        Tensor y = Map(ToFloat(x, "Tanh"), static (s, d) => TensorPrimitives.Tanh(s, d));
        return y.Record(x, g => g * (1f - Square(y)));
    }

    /// <summary>exp(x) / sum(exp(x)) along <paramref name="axis"/>.</summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = Shape.NormalizeAxis(axis, x.Rank, "Softmax");
        Tensor y = SoftmaxKernel.Softmax(ToFloat(x, "Softmax"), a, log: false);
        return y.Record(x, g => y * (g - Sum(g * y, a, keepDims: true)));
    }

    /// <summary>x - log(sum(exp(x))) along <paramref name="axis"/>, computed stably.</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = Shape.NormalizeAxis(axis, x.Rank, "LogSoftmax");
        Tensor y = SoftmaxKernel.Softmax(ToFloat(x, "LogSoftmax"), a, log: true);
        return y.Record(x, g => g - Exp(y) * Sum(g, a, keepDims: true));
    }
}
