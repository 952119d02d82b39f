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

    public int KernelSize { get; }

    public int Strides { get; }

    public string Padding { get; }

    public int DepthMultiplier { get; }

    public int DilationRate { get; }

    public string Activation { get; }

    public bool UseBias { get; }

    public Initializer DepthwiseInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary>The depthwise convolution of the inputs with a kernel (kernelSize, kernelSize, channels, depthMultiplier).</summary>
    private protected Tensor Depthwise(Tensor inputs, Tensor kernel) =>
        Ops.DepthwiseConv(Spatial.Require(inputs, this), kernel, Strides, Padding, DilationRate);

    /// <summary>The bias, when there is one, then the activation.</summary>
    private protected Tensor Finish(Tensor y, Variable? bias) => _activation(bias is null ? y : y + bias);

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
