using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// A 2-D convolution layer, as keras.layers.Conv2D (channels last): inputs (batch, height, width,
/// channels), a kernel (kernelSize, kernelSize, channels, filters) and a bias (filters), outputs
/// (batch, outHeight, outWidth, filters) through the activation. Keras's defaults: strides 1, padding
/// "valid", Glorot-uniform kernel, zero bias.
/// </summary>
public class Conv2D : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Variable? _kernel;
    private Variable? _bias;

    public Conv2D(int filters, int kernelSize, int strides = 1, string padding = "valid", int dilationRate = 1,
        string? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
        : base(name)
    {
        if (filters <= 0) throw new ArgumentException($"Conv2D: filters must be positive, got {filters}.", nameof(filters));
        if (kernelSize <= 0) throw new ArgumentException($"Conv2D: kernelSize must be positive, got {kernelSize}.", nameof(kernelSize));
        if (strides <= 0) throw new ArgumentException($"Conv2D: strides must be positive, got {strides}.", nameof(strides));
        if (dilationRate <= 0) throw new ArgumentException($"Conv2D: dilationRate must be positive, got {dilationRate}.", nameof(dilationRate));
        if (strides > 1 && dilationRate > 1) throw new ArgumentException("Conv2D: strides > 1 and dilationRate > 1 cannot be combined (as in Keras).");
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"Conv2D: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding));
        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides;
        DilationRate = dilationRate;
        Activation = activation ?? "linear";
        _activation = Activations.Get(activation);
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    public int Filters { get; }

    public int KernelSize { get; }

    public int Strides { get; }

    public string Padding { get; }

    public int DilationRate { get; }

    public string Activation { get; }

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    public Regularizer? KernelRegularizer { get; }

    public Regularizer? BiasRegularizer { get; }

    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"Conv2D '{Name}' is not built yet: call it on data or build it with an input shape first.");

    public Variable? Bias => _bias;

    protected override void BuildWeights(int[] inputShape)
    {
        if (inputShape.Length != 4) throw new ArgumentException($"Conv2D '{Name}': expects inputs of shape (batch, height, width, channels), got {SymbolicTensor.FormatShape(inputShape)}.");
        _kernel = AddWeight("kernel", [KernelSize, KernelSize, inputShape[3], Filters], KernelInitializer, KernelRegularizer);
        if (UseBias) _bias = AddWeight("bias", [Filters], BiasInitializer, BiasRegularizer);
    }

    protected override Tensor CallCore(Tensor inputs, bool training)
    {
        if (inputs.Rank != 4 || inputs.Shape[3] != Kernel.Shape[2])
        {
            throw new ArgumentException($"Conv2D '{Name}': expected inputs of shape (batch, height, width, {Kernel.Shape[2]}), got {inputs.Shape}.");
        }
        Tensor y = Ops.Conv(inputs, Kernel, Strides, Padding, DilationRate);
        if (_bias is not null) y += _bias;
        return _activation(y);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = new[] { KernelSize, KernelSize };
        config["strides"] = new[] { Strides, Strides };
        config["padding"] = Padding;
        config["dilation_rate"] = new[] { DilationRate, DilationRate };
        config["activation"] = Activation;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer.Name;
        config["bias_initializer"] = BiasInitializer.Name;
        config["kernel_regularizer"] = LayerRegistry.RegularizerConfig(KernelRegularizer);
        config["bias_regularizer"] = LayerRegistry.RegularizerConfig(BiasRegularizer);
        return config;
    }
}
