using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.DepthwiseConv2D (channels last): each input channel convolved with its own
/// depthMultiplier kernels (kernelSize, kernelSize, channels, depthMultiplier), plus a bias
/// (channels × depthMultiplier), through the activation.
/// </summary>
public class DepthwiseConv2D(int kernelSize, int strides = 1, string padding = "valid", int depthMultiplier = 1, int dilationRate = 1,
    string? activation = null, bool useBias = true, Initializer? depthwiseInitializer = null, Initializer? biasInitializer = null,
    Regularizer? depthwiseRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
    : BaseDepthwise(kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias, depthwiseInitializer, biasInitializer, name)
{
    private Variable? _kernel, _bias;

    /// <summary>The penalty on the depthwise kernel, or null (Keras's <c>depthwise_regularizer</c>).</summary>
    public Regularizer? DepthwiseRegularizer { get; } = depthwiseRegularizer;

    /// <summary>The penalty on the bias, or null (Keras's <c>bias_regularizer</c>).</summary>
    public Regularizer? BiasRegularizer { get; } = biasRegularizer;

    /// <summary>The depthwise kernel, shape (kernelSize, kernelSize, channels, depthMultiplier), created when the layer is built.</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"DepthwiseConv2D '{Name}' is not built yet.");

    /// <summary>Creates the kernel and, when <see cref="BaseDepthwise.UseBias"/>, the bias (channels × depthMultiplier) for inputs (batch, height, width, channels).</summary>
    protected override void Build(int[] inputShape)
    {
        Spatial.RequireShape(inputShape, this);
        _kernel = AddWeight("kernel", [KernelSize, KernelSize, inputShape[3], DepthMultiplier], DepthwiseInitializer, DepthwiseRegularizer);
        if (UseBias) _bias = AddWeight("bias", [inputShape[3] * DepthMultiplier], BiasInitializer, BiasRegularizer);
    }

    /// <summary>The depthwise convolution of the inputs, plus the bias, through the activation.</summary>
    protected override Tensor Call(Tensor inputs, bool training) => Finish(Depthwise(inputs, Kernel), _bias);

    /// <summary>Keras's config: the base config and depthwise_regularizer and bias_regularizer.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["depthwise_regularizer"] = LayerRegistry.RegularizerConfig(DepthwiseRegularizer);
        config["bias_regularizer"] = LayerRegistry.RegularizerConfig(BiasRegularizer);
        return config;
    }
}
