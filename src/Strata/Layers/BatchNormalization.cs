using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// Batch normalization over the last axis, as keras.layers.BatchNormalization: in training, each
/// channel is normalized with the batch's mean and (biased) variance, and the moving statistics (non-
/// trainable weights) follow them: moving = moving · momentum + batch · (1 − momentum). In inference,
/// and whenever the layer is frozen (<c>Trainable = false</c>, as Keras does for fine-tuning), the moving
/// statistics are used. Output = x · inv + (beta − mean · inv) with inv = gamma / sqrt(variance + epsilon),
/// Keras's form. Defaults: momentum 0.99, epsilon 1e-3, gamma ones, beta zeros.
/// </summary>
public class BatchNormalization : Layer
{
    private Variable? _gamma, _beta, _movingMean, _movingVariance;

    /// <summary>A batch normalization layer over the last axis (channels last).</summary>
    /// <param name="momentum">The weight of the old moving statistics in each update, in [0, 1]; 0.99 by default.</param>
    /// <param name="epsilon">The positive number added to the variance before its square root; 1e-3 by default.</param>
    /// <param name="center">Whether to add the learned offset beta.</param>
    /// <param name="scale">Whether to multiply by the learned scale gamma.</param>
    /// <param name="betaInitializer">Beta's initializer; zeros when null.</param>
    /// <param name="gammaInitializer">Gamma's initializer; ones when null.</param>
    /// <param name="movingMeanInitializer">The moving mean's initializer; zeros when null.</param>
    /// <param name="movingVarianceInitializer">The moving variance's initializer; ones when null.</param>
    /// <param name="betaRegularizer">A penalty on beta, or null.</param>
    /// <param name="gammaRegularizer">A penalty on gamma, or null.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
        Initializer? movingMeanInitializer = null, Initializer? movingVarianceInitializer = null,
        Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null, string? name = null)
        : base(name)
    {
        SupportsMasking = true; // keeps each step where it is, as Keras's
        if (!(momentum >= 0f && momentum <= 1f)) throw new ArgumentException($"BatchNormalization: momentum must lie in [0, 1], got {momentum}.", nameof(momentum));
        if (!(epsilon > 0f)) throw new ArgumentException($"BatchNormalization: epsilon must be positive, got {epsilon}.", nameof(epsilon));
        Momentum = (float)momentum;
        Epsilon = (float)epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Zeros();
        GammaInitializer = gammaInitializer ?? new Ones();
        MovingMeanInitializer = movingMeanInitializer ?? new Zeros();
        MovingVarianceInitializer = movingVarianceInitializer ?? new Ones();
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
    }

    /// <summary>The weight of the old moving statistics in each update (Keras's <c>momentum</c>).</summary>
    public float Momentum { get; }

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

    /// <summary>The moving mean's initializer (Keras's <c>moving_mean_initializer</c>).</summary>
    public Initializer MovingMeanInitializer { get; }

    /// <summary>The moving variance's initializer (Keras's <c>moving_variance_initializer</c>).</summary>
    public Initializer MovingVarianceInitializer { get; }

    /// <summary>The penalty on beta, or null (Keras's <c>beta_regularizer</c>).</summary>
    public Regularizer? BetaRegularizer { get; }

    /// <summary>The penalty on gamma, or null (Keras's <c>gamma_regularizer</c>).</summary>
    public Regularizer? GammaRegularizer { get; }

    /// <summary>The moving mean of each channel, a non-trainable weight of shape (channels).</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable MovingMean => _movingMean ?? throw NotBuilt();

    /// <summary>The moving variance of each channel, a non-trainable weight of shape (channels).</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable MovingVariance => _movingVariance ?? throw NotBuilt();

    /// <summary>Creates, for inputs of rank 2 or more, gamma (when <see cref="Scale"/>), beta (when <see cref="Center"/>), the moving mean and the moving variance, each of shape (channels), in Keras's order.</summary>
    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length < 2) throw new ArgumentException($"BatchNormalization '{Name}': expects inputs of rank 2 or more, got {SymbolicTensor.FormatShape(inputShape)}.");
        int channels = inputShape[^1];
        // Keras's order: gamma, beta, moving_mean, moving_variance.
        if (Scale) _gamma = AddWeight("gamma", [channels], GammaInitializer, GammaRegularizer);
        if (Center) _beta = AddWeight("beta", [channels], BetaInitializer, BetaRegularizer);
        _movingMean = AddWeight("moving_mean", [channels], MovingMeanInitializer, trainable: false);
        _movingVariance = AddWeight("moving_variance", [channels], MovingVarianceInitializer, trainable: false);
    }

    /// <summary>Normalizes the inputs: with the batch's statistics, updating the moving ones, in training when the layer is trainable; with the moving statistics otherwise.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (inputs.Shape[-1] != MovingMean.Shape[0])
        {
            throw new ArgumentException($"BatchNormalization '{Name}': expected inputs with {MovingMean.Shape[0]} channels on the last axis, got shape {inputs.Shape}.");
        }
        if (!(training && Trainable))
        {
            // Inference: the moving statistics, as ops a compiled step folds into the layer before.
            (Tensor inv, Tensor shift) = Affine(MovingMean, MovingVariance);
            return (inputs * inv) + shift;
        }
        // Training: the batch's moments in two passes, the output in one, and a gradient of two passes
        // (the sums of g and g · x, then dx), instead of a dozen elementwise and reduction ops.
        Tensor x = inputs.AsType(DType.Float32);
        Tensor moments = Ops.Moments(x);
        Tensor mean = Ops.Channel(moments, 0), variance = Ops.Channel(moments, 1);
        using (GradientTape.Suspend())
        {
            MovingMean.Assign((MovingMean * Momentum) + (mean * (1f - Momentum)));
            MovingVariance.Assign((MovingVariance * Momentum) + (variance * (1f - Momentum)));
        }
        (Tensor scale, Tensor offset) = Affine(mean, variance);
        return Ops.ScaleShift(x, scale, offset);
    }

    /// <summary>Keras's form: inv = gamma / sqrt(variance + epsilon), and the shift beta − mean · inv.</summary>
    private (Tensor Inv, Tensor Shift) Affine(Tensor mean, Tensor variance)
    {
        Tensor inv = 1f / Ops.Sqrt(variance + Epsilon);
        if (_gamma is not null) inv *= _gamma;
        Tensor shift = _beta is not null ? _beta - (mean * inv) : -(mean * inv);
        return (inv, shift);
    }

    private InvalidOperationException NotBuilt() => new($"BatchNormalization '{Name}' is not built yet: call it on data first.");

    /// <summary>Keras's config: the base config and axis (-1), momentum, epsilon, center, scale, the initializers and the regularizers.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["axis"] = -1;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        config["beta_initializer"] = BetaInitializer.Name;
        config["gamma_initializer"] = GammaInitializer.Name;
        config["moving_mean_initializer"] = MovingMeanInitializer.Name;
        config["moving_variance_initializer"] = MovingVarianceInitializer.Name;
        config["beta_regularizer"] = LayerRegistry.RegularizerConfig(BetaRegularizer);
        config["gamma_regularizer"] = LayerRegistry.RegularizerConfig(GammaRegularizer);
        return config;
    }
}
