using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>A densely connected layer: activation(inputs · kernel + bias), applied on the last axis.</summary>
public class Dense : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>A densely connected layer of <paramref name="units"/> outputs.</summary>
    /// <param name="units">The number of outputs, positive (Keras's <c>units</c>).</param>
    /// <param name="activation">The activation's Keras name (see <see cref="Activations"/>); null for none (linear).</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">The kernel's initializer; Glorot uniform when null.</param>
    /// <param name="biasInitializer">The bias's initializer; zeros when null.</param>
    /// <param name="kernelRegularizer">A penalty on the kernel, or null.</param>
    /// <param name="biasRegularizer">A penalty on the bias, or null.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    /// <code>
    /// var dense = new Dense(64, activation: "relu");
    /// Tensor y = dense.Call(x);   // x: (batch, features) to y: (batch, 64)
    /// </code>
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

    /// <summary>The number of output units (Keras's <c>units</c>).</summary>
    public int Units { get; }

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

    /// <summary>The kernel, shape (input features, units), created when the layer is built.</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"Dense '{Name}' is not built yet: call it on data or build it with an input shape first.");

    /// <summary>The bias, shape (units); null before the layer is built or when <see cref="UseBias"/> is false.</summary>
    public Variable? Bias => _bias;

    /// <summary>Creates the kernel (features, units) and, when <see cref="UseBias"/>, the bias (units) for inputs (batch, ..., features).</summary>
    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length < 2) throw new ArgumentException($"Dense '{Name}': expects inputs of rank 2 or more (batch, ..., features), got shape {SymbolicTensor.FormatShape(inputShape)}.");
        _kernel = AddWeight("kernel", [inputShape[^1], Units], KernelInitializer, KernelRegularizer);
        if (UseBias) _bias = AddWeight("bias", [Units], BiasInitializer, BiasRegularizer);
    }

    /// <summary>activation(inputs · kernel + bias) on the last axis: (batch, ..., features) to (batch, ..., units).</summary>
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

    /// <summary>Keras's config: the base config and units, activation, use_bias, the initializers and the regularizers.</summary>
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
