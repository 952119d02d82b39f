using Strata.Initializers;

namespace Strata.Layers;

/// <summary>
/// What DepthwiseConv2D and SeparableConv2D share: a depthwise convolution's square window, strides,
/// padding, depth multiplier and dilation, an activation and a bias (channels last).
/// </summary>
public abstract class BaseDepthwise : Layer
{
    private readonly Func<Tensor, Tensor> _activation;

    private protected BaseDepthwise(int kernelSize, int strides, string padding, int depthMultiplier, int dilationRate,
        string? activation, bool useBias, Initializer? depthwiseInitializer, Initializer? biasInitializer, string? name)
        : base(name)
    {
        string who = GetType().Name;
        if (kernelSize <= 0 || strides <= 0 || depthMultiplier <= 0 || dilationRate <= 0)
        {
            throw new ArgumentException($"{who}: kernelSize, strides, depthMultiplier and dilationRate must be positive, got {kernelSize}, {strides}, {depthMultiplier}, {dilationRate}.");
        }
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"{who}: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding));
        (KernelSize, Strides, DepthMultiplier, DilationRate, UseBias) = (kernelSize, strides, depthMultiplier, dilationRate, useBias);
        Activation = activation ?? "linear";
        _activation = Activations.Get(activation);
        DepthwiseInitializer = depthwiseInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
    }

    /// <summary>The side of the square depthwise window (Keras's <c>kernel_size</c>).</summary>
    public int KernelSize { get; }

    /// <summary>The step of the window along height and width (Keras's <c>strides</c>).</summary>
    public int Strides { get; }

    /// <summary>"valid" (no padding) or "same" (zero padding, so that stride 1 keeps the size), Keras's <c>padding</c>.</summary>
    public string Padding { get; }

    /// <summary>The number of depthwise kernels per input channel (Keras's <c>depth_multiplier</c>).</summary>
    public int DepthMultiplier { get; }

    /// <summary>The dilation of the window along height and width (Keras's <c>dilation_rate</c>).</summary>
    public int DilationRate { get; }

    /// <summary>The activation's Keras name, "linear" when none was given (Keras's <c>activation</c>).</summary>
    public string Activation { get; }

    /// <summary>Whether the layer adds a bias vector (Keras's <c>use_bias</c>).</summary>
    public bool UseBias { get; }

    /// <summary>The depthwise kernel's initializer; Glorot uniform by default (Keras's <c>depthwise_initializer</c>).</summary>
    public Initializer DepthwiseInitializer { get; }

    /// <summary>The bias's initializer; zeros by default (Keras's <c>bias_initializer</c>).</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The depthwise convolution of the inputs with a kernel (kernelSize, kernelSize, channels, depthMultiplier).</summary>
    private protected Tensor Depthwise(Tensor inputs, Tensor kernel) =>
        Ops.DepthwiseConv(Spatial.Require(inputs, this), kernel, Strides, Padding, DilationRate);

    /// <summary>The bias, when there is one, then the activation.</summary>
    private protected Tensor Finish(Tensor y, Variable? bias) => _activation(bias is null ? y : y + bias);

    /// <summary>Keras's config: the base config and kernel_size, strides, padding, depth_multiplier, dilation_rate, activation, use_bias and the initializers.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["kernel_size"] = new[] { KernelSize, KernelSize };
        config["strides"] = new[] { Strides, Strides };
        config["padding"] = Padding;
        config["depth_multiplier"] = DepthMultiplier;
        config["dilation_rate"] = new[] { DilationRate, DilationRate };
        config["activation"] = Activation;
        config["use_bias"] = UseBias;
        config["depthwise_initializer"] = DepthwiseInitializer.Name;
        config["bias_initializer"] = BiasInitializer.Name;
        return config;
    }
}
