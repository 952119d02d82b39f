using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// keras.layers.LayerNormalization over the last axis: each sample's features shifted to mean 0 and scaled
/// to variance 1 (epsilon 1e-3 added to the variance, as Keras's default), then times gamma plus beta, both
/// per feature. Written as Keras writes it: x · inv + (β − mean · inv) with inv = γ / sqrt(var + ε).
/// </summary>
public class LayerNormalization : Layer
{
    private Variable? _gamma, _beta;

    public LayerNormalization(double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null, string? name = null)
        : base(name)
    {
        SupportsMasking = true; // keeps each step where it is, as Keras's
        if (!(epsilon > 0)) throw new ArgumentException($"LayerNormalization: epsilon must be positive, got {epsilon}.", nameof(epsilon));
        Epsilon = (float)epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Zeros();
        GammaInitializer = gammaInitializer ?? new Ones();
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
    }

    public float Epsilon { get; }

    public bool Center { get; }

    public bool Scale { get; }

    public Initializer BetaInitializer { get; }

    public Initializer GammaInitializer { get; }

    public Regularizer? BetaRegularizer { get; }

    public Regularizer? GammaRegularizer { get; }

    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length < 2) throw new ArgumentException($"LayerNormalization '{Name}': expects inputs of rank 2 or more, got shape {SymbolicTensor.FormatShape(inputShape)}.");
        if (Scale) _gamma = AddWeight("gamma", [inputShape[^1]], GammaInitializer, GammaRegularizer);
        if (Center) _beta = AddWeight("beta", [inputShape[^1]], BetaInitializer, BetaRegularizer);
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor x = inputs.AsType(DType.Float32);
        Tensor mean = Ops.Mean(x, -1, keepDims: true);
        Tensor variance = Ops.Mean(Ops.Square(x - mean), -1, keepDims: true);
        Tensor inv = 1f / Ops.Sqrt(variance + Epsilon);
        if (_gamma is not null) inv *= _gamma;
        Tensor shift = _beta is null ? -mean * inv : _beta - (mean * inv);
        return (x * inv) + shift;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["axis"] = -1;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = BetaInitializer.Name;
        config["gamma_initializer"] = GammaInitializer.Name;
        config["beta_regularizer"] = LayerRegistry.RegularizerConfig(BetaRegularizer);
        config["gamma_regularizer"] = LayerRegistry.RegularizerConfig(GammaRegularizer);
        return config;
    }
}
