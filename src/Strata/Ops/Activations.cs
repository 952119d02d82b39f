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

    /// <summary>The hyperbolic tangent elementwise, in float32.</summary>
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

    /// <summary>
    /// Softmax over the last axis with a mask, as keras.layers.Softmax called with one (attention's softmax): where
    /// <paramref name="mask"/> (broadcast to x; true or nonzero keeps) is false, −1e9 is added to x first, so those
    /// entries get no weight unless a whole row is masked. One fused pass per row forward and backward, the rows
    /// split between the threads.
    /// </summary>
    public static Tensor MaskedSoftmax(Tensor x, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0) throw new ArgumentException("MaskedSoftmax: x must have at least one axis.", nameof(x));
        if (mask is not null && !Broadcasting.CanBroadcastTo(mask.Shape, x.Shape))
        {
            throw new ArgumentException($"MaskedSoftmax: the mask {mask.Shape} does not broadcast to the scores {x.Shape}.", nameof(mask));
        }
        Tensor scores = ToFloat(x, "MaskedSoftmax"), keep = mask is null ? Tensor.Zeros(0) : mask.AsType(DType.Float32);
        var softmax = new MaskedSoftmaxKernel(x.Shape, mask?.Shape);
        Tensor y = Run(new Kernel("MaskedSoftmax", (i, o) => softmax.Forward(i[0].Data<float>(), i[1].Data<float>(), o.Span<float>()), mask is null ? "" : $"mask {mask.Shape}"),
            x.Shape, DType.Float32, scores, keep);
        return y.Record(scores, g => Run(new Kernel("MaskedSoftmaxGradient", (i, o) => softmax.Backward(i[0].Data<float>(), i[1].Data<float>(), o.Span<float>())), x.Shape, DType.Float32, y, g)
            .Record([y, g], _ => throw new NotSupportedException("MaskedSoftmax: gradients of its gradient (second derivatives) are not supported.")));
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
