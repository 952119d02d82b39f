using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// What Keras's convolution layers share (keras/src/layers/convolutional/base_conv.py): filters, a
/// square window, strides, padding "valid" or "same", dilation, activation, bias, initializers and
/// regularizers; channels last. The kernel has shape (kernelSize × rank, channels, filters); a 1-D
/// convolution runs as a 2-D one over a height of one.
/// </summary>
public abstract class BaseConv : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Variable? _kernel;
    private Variable? _bias;
    private int _channels;

    private protected BaseConv(int rank, int filters, int kernelSize, int strides, string padding, int dilationRate, int groups,
        string? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, string? name)
        : base(name)
    {
        string who = GetType().Name;
        if (filters <= 0 || kernelSize <= 0 || strides <= 0 || dilationRate <= 0)
        {
            throw new ArgumentException($"{who}: filters, kernelSize, strides and dilationRate must be positive, got {filters}, {kernelSize}, {strides}, {dilationRate}.");
        }
        if (strides > 1 && dilationRate > 1) throw new ArgumentException($"{who}: strides > 1 and dilationRate > 1 cannot be combined (as in Keras).");
        if (groups < 1 || filters % groups != 0) throw new ArgumentException($"{who}: groups must be positive and divide filters ({filters}), got {groups}.", nameof(groups));
        Groups = groups;
        Padding = padding is "valid" or "same" ? padding : throw new ArgumentException($"{who}: padding must be \"valid\" or \"same\", got \"{padding}\".", nameof(padding));
        Rank = rank;
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

    /// <summary>The number of spatial axes: 1 or 2.</summary>
    public int Rank { get; }

    /// <summary>The number of output channels (Keras's <c>filters</c>).</summary>
    public int Filters { get; }

    /// <summary>The side of the square convolution window (Keras's <c>kernel_size</c>).</summary>
    public int KernelSize { get; }

    /// <summary>The step of the window along each spatial axis (Keras's <c>strides</c>).</summary>
    public int Strides { get; }

    /// <summary>"valid" (no padding) or "same" (zero padding, so that stride 1 keeps the size), Keras's <c>padding</c>.</summary>
    public string Padding { get; }

    /// <summary>The dilation of the window along each spatial axis (Keras's <c>dilation_rate</c>).</summary>
    public int DilationRate { get; }

    /// <summary>How many groups the channels are split into, each convolved with its own filters (1: an ordinary convolution).</summary>
    public int Groups { get; }

    /// <summary>The activation's Keras name, "linear" when none was given (Keras's <c>activation</c>).</summary>
    public string Activation { get; }

    /// <summary>Whether the layer adds a bias vector (Keras's <c>use_bias</c>).</summary>
    public bool UseBias { get; }

    /// <summary>The kernel's initializer; Glorot uniform by default (Keras's <c>kernel_initializer</c>).</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The bias's initializer; zeros by default (Keras's <c>bias_initializer</c>).</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The penalty on the kernel, or null (Keras's <c>kernel_regularizer</c>).</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>The penalty on the bias, or null (Keras's <c>bias_regularizer</c>).</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>The convolution kernel, created when the layer is built.</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"{GetType().Name} '{Name}' is not built yet: call it on data or build it with an input shape first.");

    /// <summary>The bias of shape (filters); null before the layer is built or when <see cref="UseBias"/> is false.</summary>
    public Variable? Bias => _bias;

    /// <summary>The kernel's shape for inputs of <paramref name="channels"/> channels: (kernelSize × rank, channels, filters).</summary>
    private protected virtual int[] KernelShape(int channels) => [.. Enumerable.Repeat(KernelSize, Rank), channels / Groups, Filters];

    /// <summary>The convolution itself, before the bias and the activation.</summary>
    private protected virtual Tensor Convolve(Tensor inputs) =>
        Rank == 2 ? Ops.Conv(inputs, Kernel, Strides, Padding, DilationRate, Groups) : Convolve1D(inputs);

    /// <summary>Creates the kernel and, when <see cref="UseBias"/>, the bias, for inputs of shape (batch, ..., channels) with one axis per spatial dimension; <see cref="Groups"/> must divide the channels.</summary>
    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length != Rank + 2)
        {
            throw new ArgumentException($"{GetType().Name} '{Name}': expects inputs of shape {Expected("channels")}, got {SymbolicTensor.FormatShape(inputShape)}.");
        }
        _channels = inputShape[^1];
        if (_channels % Groups != 0)
        {
            throw new ArgumentException($"{GetType().Name} '{Name}': groups ({Groups}) must divide the input's {_channels} channels.");
        }
        _kernel = AddWeight("kernel", KernelShape(_channels), KernelInitializer, KernelRegularizer);
        if (UseBias) _bias = AddWeight("bias", [Filters], BiasInitializer, BiasRegularizer);
    }

    /// <summary>Convolves the inputs, adds the bias and applies the activation; the inputs must have the channels the layer was built for.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (inputs.Rank != Rank + 2 || inputs.Shape[-1] != _channels)
        {
            throw new ArgumentException($"{GetType().Name} '{Name}': expected inputs of shape {Expected(_channels.ToString(System.Globalization.CultureInfo.InvariantCulture))}, got {inputs.Shape}.");
        }
        Tensor y = Convolve(inputs);
        if (_bias is not null) y += _bias;
        return _activation(y);
    }

    /// <summary>A 1-D convolution as a 2-D one over a height of one.</summary>
    private Tensor Convolve1D(Tensor inputs)
    {
        Tensor rows = inputs.Reshape(inputs.Shape[0], 1, inputs.Shape[1], inputs.Shape[2]);
        Tensor y = Ops.Conv(rows, Kernel.Reshape(1, KernelSize, _channels / Groups, Filters), (1, Strides), Padding, (1, DilationRate), Groups);
        return y.Reshape(y.Shape[0], y.Shape[2], Filters);
    }

    private string Expected(string channels) => Rank == 2 ? $"(batch, height, width, {channels})" : $"(batch, steps, {channels})";

    /// <summary>Keras's config: the base config and filters, kernel_size, strides, padding, dilation_rate, groups, activation, use_bias, initializers and regularizers.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = Enumerable.Repeat(KernelSize, Rank).ToArray();
        config["strides"] = Enumerable.Repeat(Strides, Rank).ToArray();
        config["padding"] = Padding;
        config["dilation_rate"] = Enumerable.Repeat(DilationRate, Rank).ToArray();
        config["groups"] = Groups;
        config["activation"] = Activation;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer.Name;
        config["bias_initializer"] = BiasInitializer.Name;
        config["kernel_regularizer"] = LayerRegistry.RegularizerConfig(KernelRegularizer);
        config["bias_regularizer"] = LayerRegistry.RegularizerConfig(BiasRegularizer);
        return config;
    }
}
