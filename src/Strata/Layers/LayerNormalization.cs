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

    /// <summary>A layer normalization layer over the last axis.</summary>
    /// <param name="epsilon">The positive number added to the variance before its square root; 1e-3 by default.</param>
    /// <param name="center">Whether to add the learned offset beta.</param>
    /// <param name="scale">Whether to multiply by the learned scale gamma.</param>
    /// <param name="betaInitializer">Beta's initializer; zeros when null.</param>
    /// <param name="gammaInitializer">Gamma's initializer; ones when null.</param>
    /// <param name="betaRegularizer">A penalty on beta, or null.</param>
    /// <param name="gammaRegularizer">A penalty on gamma, or null.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
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

    /// <summary>The number added to the variance before its square root (Keras's <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <summary>Whether the learned offset beta is added (Keras's <c>center</c>).</summary>
    public bool Center { get; }

    /// <summary>Whether the output is multiplied by the learned scale gamma (Keras's <c>scale</c>).</summary>
    public bool Scale { get; }

    /// <summary>Beta's initializer (Keras's <c>beta_initializer</c>).</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>Gamma's initializer (Keras's <c>gamma_initializer</c>).</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>The penalty on beta, or null (Keras's <c>beta_regularizer</c>).</summary>
    public Regularizer? BetaRegularizer { get; }

    /// <summary>The penalty on gamma, or null (Keras's <c>gamma_regularizer</c>).</summary>
    public Regularizer? GammaRegularizer { get; }

    /// <summary>Creates, for inputs of rank 2 or more, gamma (when <see cref="Scale"/>) and beta (when <see cref="Center"/>), each of shape (features).</summary>
    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length < 2) throw new ArgumentException($"LayerNormalization '{Name}': expects inputs of rank 2 or more, got shape {SymbolicTensor.FormatShape(inputShape)}.");
        if (Scale) _gamma = AddWeight("gamma", [inputShape[^1]], GammaInitializer, GammaRegularizer);
        if (Center) _beta = AddWeight("beta", [inputShape[^1]], BetaInitializer, BetaRegularizer);
    }

    /// <summary>Normalizes each sample over its last axis, then scales by gamma and shifts by beta; the shape is unchanged.</summary>
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

    /// <summary>Keras's config: the base config and axis (-1), epsilon, center, scale, the initializers and the regularizers.</summary>
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
