using System.Numerics.Tensors;
using Strata.Kernels;
using Strata.Layers;

namespace Strata.Planning;

/// <summary>
/// A Dense layer on rows: y = activation(x · kernel + bias) forward, bias and ReLU fused into the GEMM; backward, from dLoss/dy, the activation's
/// gradient in place (dz), then dKernel = xᵀ · dz and dx = dz · kernelᵀ as GEMMs on the stored operands
/// (no transposed copies), and dBias = the column sums of dz.
/// </summary>
internal sealed class DenseStage : PlannedStage
{
    private readonly Dense _layer;
    private readonly ActivationKind _activation;
    private readonly Tensor? _kernelGradient;
    private readonly Tensor? _biasGradient;
    private float[] _output = [];
    private float[] _inputGradient = [];
    private Rows _input;

    private DenseStage(Dense layer, ActivationKind activation, int inputFeatures, bool kernelTrainable, bool biasTrainable)
        : base(inputFeatures, layer.Units)
    {
        _layer = layer;
        _activation = activation;
        if (kernelTrainable) _kernelGradient = new Tensor(layer.Kernel.Shape, DType.Float32);
        if (biasTrainable) _biasGradient = new Tensor(layer.Bias!.Shape, DType.Float32);
    }

    /// <summary>The stage, when the layer sees flat samples and has no regularizer (whose penalty the plan does not add).</summary>
    public static DenseStage? Create(Dense layer, int[] sampleDims, IReadOnlySet<Variable> trainable)
    {
        if (sampleDims.Length != 1 || layer.KernelRegularizer is not null || layer.BiasRegularizer is not null) return null;
        if (PlannedActivation.Of(layer.Activation) is not ActivationKind kind || layer.Kernel.Shape[0] != sampleDims[0]) return null;
        return new DenseStage(layer, kind, sampleDims[0], trainable.Contains(layer.Kernel), layer.Bias is Variable b && trainable.Contains(b));
    }

    public override IEnumerable<(Variable Variable, Tensor Gradient)> Gradients
    {
        get
        {
            if (_kernelGradient is not null) yield return (_layer.Kernel, _kernelGradient);
            if (_biasGradient is not null) yield return (_layer.Bias!, _biasGradient);
        }
    }

    public override void Reserve(int rows)
    {
        _output = new float[rows * OutputFeatures];
        _inputGradient = [];
    }

    public override Rows Forward(Rows input, int rows, bool training)
    {
        _input = input;
        Variable kernel = _layer.Kernel;
        Variable? bias = _layer.Bias;
        // Bias and ReLU ride in the GEMM's epilogue (each thread's part while in its cache); other activations follow.
        bool relu = _activation == ActivationKind.Relu;
        Gemm.Multiply(false, false, rows, OutputFeatures, InputFeatures, input.Array, input.Offset,
            kernel.Array<float>(), kernel.Offset, _output, 0, accumulate: false, Engine.Threads,
            bias?.Array<float>(), bias?.Offset ?? 0, relu);
        if (!relu) PlannedActivation.Forward(_activation, _output.AsSpan(0, rows * OutputFeatures), OutputFeatures);
        return new Rows(_output, 0);
    }

    public override Rows Backward(Rows outputGradient, int rows, bool inputGradient)
    {
        int n = rows * OutputFeatures;
        Span<float> dz = outputGradient.Span(n);
        PlannedActivation.Backward(_activation, _output.AsSpan(0, n), dz, OutputFeatures);
        if (_kernelGradient is not null)
        {
            Gemm.Multiply(true, false, InputFeatures, OutputFeatures, rows, _input.Array, _input.Offset,
                outputGradient.Array, outputGradient.Offset, _kernelGradient.Array<float>(), 0, accumulate: false, Engine.Threads);
        }
        if (_biasGradient is not null) ColumnSums(dz, _biasGradient.Span<float>());
        if (!inputGradient) return default;

        if (_inputGradient.Length < rows * InputFeatures) _inputGradient = new float[_output.Length / OutputFeatures * InputFeatures];
        Variable kernel = _layer.Kernel;
        Gemm.Multiply(false, true, rows, InputFeatures, OutputFeatures, outputGradient.Array, outputGradient.Offset,
            kernel.Array<float>(), kernel.Offset, _inputGradient, 0, accumulate: false, Engine.Threads);
        return new Rows(_inputGradient, 0);
    }

    private static void ColumnSums(ReadOnlySpan<float> rows, Span<float> sums)
    {
        sums.Clear();
        for (int start = 0; start < rows.Length; start += sums.Length) TensorPrimitives.Add(sums, rows.Slice(start, sums.Length), sums);
    }
}
