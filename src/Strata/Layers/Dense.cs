using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>A densely connected layer: activation(inputs · kernel + bias), applied on the last axis.</summary>
public class Dense : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Variable? _kernel;
    private Variable? _bias;

    public Dense(int units, string? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, string? name = null)
        : base(name)
    {
        SupportsMasking = true; // keeps each step where it is, as Keras's
        if (units <= 0) throw new ArgumentException($"Dense: units must be positive, got {units}.", nameof(units));
        Units = units;
        Activation = activation ?? "linear";
        _activation = Activations.Get(activation);
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    public int Units { get; }

    public string Activation { get; }

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    public Regularizer? KernelRegularizer { get; }

    public Regularizer? BiasRegularizer { get; }

    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"Dense '{Name}' is not built yet: call it on data or build it with an input shape first.");

    public Variable? Bias => _bias;

    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length < 2) throw new ArgumentException($"Dense '{Name}': expects inputs of rank 2 or more (batch, ..., features), got shape {SymbolicTensor.FormatShape(inputShape)}.");
        _kernel = AddWeight("kernel", [inputShape[^1], Units], KernelInitializer, KernelRegularizer);
        if (UseBias) _bias = AddWeight("bias", [Units], BiasInitializer, BiasRegularizer);
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        int expected = Kernel.Shape[0];
        if (inputs.Rank < 2 || inputs.Shape[-1] != expected)
        {
            throw new ArgumentException($"Dense '{Name}': expected inputs whose last dimension is {expected}, got shape {inputs.Shape}.");
        }
        Tensor y = Ops.MatMul(inputs, Kernel);
        if (_bias is not null) y += _bias;
        return _activation(y);
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer.Name;
        config["bias_initializer"] = BiasInitializer.Name;
        config["kernel_regularizer"] = LayerRegistry.RegularizerConfig(KernelRegularizer);
        config["bias_regularizer"] = LayerRegistry.RegularizerConfig(BiasRegularizer);
        return config;
    }
}
