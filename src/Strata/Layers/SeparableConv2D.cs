using Strata.Initializers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.SeparableConv2D (channels last): a depthwise convolution (each channel with its own
/// depthMultiplier kernels), then a pointwise 1×1 convolution mixing the channels into filters, plus a
/// bias, through the activation: far fewer weights than a full convolution, the book's chapter 9 block.
/// </summary>
public class SeparableConv2D(int filters, int kernelSize, int strides = 1, string padding = "valid", int depthMultiplier = 1, int dilationRate = 1,
    string? activation = null, bool useBias = true, Initializer? depthwiseInitializer = null, Initializer? pointwiseInitializer = null,
    Initializer? biasInitializer = null, string? name = null)
    : BaseDepthwise(kernelSize, strides, padding, depthMultiplier, dilationRate, activation, useBias, depthwiseInitializer, biasInitializer, name)
{
    private Variable? _depthwise, _pointwise, _bias;

    /// <summary>The number of output channels of the pointwise convolution (Keras's <c>filters</c>).</summary>
    public int Filters { get; } = filters > 0 ? filters : throw new ArgumentException($"SeparableConv2D: filters must be positive, got {filters}.", nameof(filters));

    /// <summary>The pointwise kernel's initializer; Glorot uniform by default (Keras's <c>pointwise_initializer</c>).</summary>
    public Initializer PointwiseInitializer { get; } = pointwiseInitializer ?? new GlorotUniform();

    /// <summary>Creates the depthwise kernel (kernelSize, kernelSize, channels, depthMultiplier), the pointwise kernel (1, 1, channels × depthMultiplier, filters) and, when <see cref="BaseDepthwise.UseBias"/>, the bias (filters).</summary>
    protected override void Build(int[] inputShape)
    {
        Spatial.RequireShape(inputShape, this);
        int channels = inputShape[3];
        _depthwise = AddWeight("depthwise_kernel", [KernelSize, KernelSize, channels, DepthMultiplier], DepthwiseInitializer);
        _pointwise = AddWeight("pointwise_kernel", [1, 1, channels * DepthMultiplier, Filters], PointwiseInitializer);
        if (UseBias) _bias = AddWeight("bias", [Filters], BiasInitializer);
    }

    /// <summary>The depthwise convolution, then the pointwise one, plus the bias, through the activation.</summary>
    protected override Tensor Call(Tensor inputs, bool training) => Finish(Ops.Conv(Depthwise(inputs, _depthwise!), _pointwise!), _bias);

    /// <summary>Keras's config: the base config and filters and pointwise_initializer.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["filters"] = Filters;
        config["pointwise_initializer"] = PointwiseInitializer.Name;
        return config;
    }
}
