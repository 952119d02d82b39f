using System.Numerics;
using System.Numerics.Tensors;
using Strata.Kernels;

namespace Strata.Planning;

/// <summary>The activations a planned step computes in place (the others keep a model on the eager path).</summary>
internal enum ActivationKind
{
    Linear,
    Relu,
    Sigmoid,
    Tanh,
    Softmax,
}

/// <summary>
/// Activations applied in place to a batch of rows, and their gradients computed from the activation's
/// output, with the same kernels and the same order of operations as the eager ops in Ops/Activations.cs.
/// </summary>
internal static class PlannedActivation
{
    /// <summary>The kind for a Keras activation name, or null when it has no planned form.</summary>
    public static ActivationKind? Of(string? name) => (name ?? "linear").ToLowerInvariant() switch
    {
        "linear" => ActivationKind.Linear,
        "relu" => ActivationKind.Relu,
        "sigmoid" => ActivationKind.Sigmoid,
        "tanh" => ActivationKind.Tanh,
        "softmax" => ActivationKind.Softmax,
        _ => null,
    };

    /// <summary>values = activation(values), rows of <paramref name="columns"/> (softmax works row by row).</summary>
    public static void Forward(ActivationKind kind, Span<float> values, int columns)
    {
        switch (kind)
        {
            case ActivationKind.Relu: TensorPrimitives.Max(values, 0f, values); break;
            case ActivationKind.Sigmoid: TensorPrimitives.Sigmoid(values, values); break;
            case ActivationKind.Tanh: TensorPrimitives.Tanh(values, values); break;
            case ActivationKind.Softmax:
                for (int start = 0; start < values.Length; start += columns) SoftmaxKernel.Row(values.Slice(start, columns), values.Slice(start, columns), log: false);
                break;
        }
    }

    /// <summary>gradient = dLoss/dInput from dLoss/dOutput (overwritten), given the activation's output y.</summary>
    public static void Backward(ActivationKind kind, ReadOnlySpan<float> y, Span<float> gradient, int columns)
    {
        switch (kind)
        {
            case ActivationKind.Relu: ReluBackward(y, gradient); break;
            case ActivationKind.Sigmoid:
                for (int i = 0; i < y.Length; i++) gradient[i] = gradient[i] * y[i] * (1f - y[i]);
                break;
            case ActivationKind.Tanh:
                for (int i = 0; i < y.Length; i++) gradient[i] *= 1f - (y[i] * y[i]);
                break;
            case ActivationKind.Softmax:
                for (int start = 0; start < y.Length; start += columns) SoftmaxBackward(y.Slice(start, columns), gradient.Slice(start, columns));
                break;
        }
    }

    /// <summary>The gradient passes where the output is positive (where the input was), as Where(x &gt; 0, g, 0).</summary>
    private static void ReluBackward(ReadOnlySpan<float> y, Span<float> gradient)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> yv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(y);
            Span<Vector<float>> gv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(gradient);
            for (int v = 0; v < yv.Length; v++) gv[v] = Vector.ConditionalSelect(Vector.GreaterThan(yv[v], Vector<float>.Zero), gv[v], Vector<float>.Zero);
            i = yv.Length * Vector<float>.Count;
        }
        for (; i < y.Length; i++) gradient[i] = y[i] > 0f ? gradient[i] : 0f;
    }

    /// <summary>One row: y · (g - sum(g · y)).</summary>
    private static void SoftmaxBackward(ReadOnlySpan<float> y, Span<float> gradient)
    {
        float dot = TensorPrimitives.Dot(gradient, y);
        TensorPrimitives.Subtract(gradient, dot, gradient);
        TensorPrimitives.Multiply(gradient, y, gradient);
    }
}
