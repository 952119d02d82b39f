namespace Strata.Initializers;

/// <summary>
/// Random values whose variance adapts to the weight's shape, as keras.initializers.VarianceScaling:
/// <c>scale / n</c> with n the fan-in, the fan-out or their average (<c>mode</c>), drawn from
/// a truncated normal, a normal ("untruncated_normal") or a uniform distribution. Glorot, He and
/// LeCun initializers are its named cases.
/// </summary>
public class VarianceScaling : RandomInitializer
{
    /// <summary>The standard deviation of a unit normal truncated to [-2, 2]: dividing by it restores the intended variance.</summary>
    private const double TruncatedStddev = 0.87962566103423978;

    private static readonly string[] Modes = ["fan_in", "fan_out", "fan_avg"];
    private static readonly string[] Distributions = ["truncated_normal", "untruncated_normal", "uniform"];

    /// <summary>Creates the initializer; the defaults are Keras's.</summary>
    /// <param name="scale">The scaling factor; must be positive.</param>
    /// <param name="mode">"fan_in", "fan_out" or "fan_avg".</param>
    /// <param name="distribution">"truncated_normal" (alias "normal"), "untruncated_normal" or "uniform", in any case.</param>
    /// <param name="seed">The seed, or null to draw from Strata's global generator.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="mode"/> or <paramref name="distribution"/> is not one of the above.</exception>
    public VarianceScaling(double scale = 1, string mode = "fan_in", string distribution = "truncated_normal", int? seed = null) : base(seed)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(distribution);
        if (!(scale > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "VarianceScaling: scale must be a positive float.");
        }
        if (!Modes.Contains(mode))
        {
            throw new ArgumentException($"VarianceScaling: invalid mode '{mode}'; use one of {string.Join(", ", Modes)}.", nameof(mode));
        }
        distribution = distribution.ToLowerInvariant();
        if (distribution == "normal") distribution = "truncated_normal"; // Keras's alias
        if (!Distributions.Contains(distribution))
        {
            throw new ArgumentException($"VarianceScaling: invalid distribution '{distribution}'; use one of {string.Join(", ", Distributions)}.", nameof(distribution));
        }
        Scale = (float)scale;
        Mode = mode;
        Distribution = distribution;
    }

    /// <summary>The scaling factor (Keras's <c>scale</c>, default 1).</summary>
    public float Scale { get; }

    /// <summary>"fan_in", "fan_out" or "fan_avg" (Keras's <c>mode</c>, default "fan_in").</summary>
    public string Mode { get; }

    /// <summary>"truncated_normal", "untruncated_normal" or "uniform" (Keras's <c>distribution</c>, default "truncated_normal").</summary>
    public string Distribution { get; }

    /// <summary>
    /// A new tensor of <paramref name="shape"/> with variance <c>scale / n</c>, n chosen by <see cref="Mode"/> from
    /// <see cref="ComputeFans"/> (at least 1), drawn from <see cref="Distribution"/>.
    /// </summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        (int fanIn, int fanOut) = ComputeFans(shape);
        double n = Mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        double variance = Scale / Math.Max(1.0, n);
        Span<float> values = t.Span<float>();
        switch (Distribution)
        {
            case "truncated_normal":
                FillTruncatedNormal(Generator(), values, 0f, (float)(Math.Sqrt(variance) / TruncatedStddev));
                break;
            case "untruncated_normal":
                Generator().FillNormal(values, 0f, (float)Math.Sqrt(variance));
                break;
            default:
                float limit = (float)Math.Sqrt(3.0 * variance);
                Generator().FillUniform(values, -limit, limit);
                break;
        }
        return t;
    }

    /// <summary>
    /// Keras's compute_fans: a vector is its own fan-in and fan-out; a matrix is (in, out); a higher-rank
    /// convolution kernel (..., in_channels, out_channels) multiplies both by its receptive field size.
    /// </summary>
    public static (int FanIn, int FanOut) ComputeFans(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        switch (shape.Length)
        {
            case 0: return (1, 1);
            case 1: return (shape[0], shape[0]);
            case 2: return (shape[0], shape[1]);
        }
        int receptiveField = 1;
        for (int i = 0; i < shape.Length - 2; i++) receptiveField *= shape[i];
        return (shape[^2] * receptiveField, shape[^1] * receptiveField);
    }

    /// <summary>The config: the seed, scale, mode and distribution.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["scale"] = Scale;
        config["mode"] = Mode;
        config["distribution"] = Distribution;
        return config;
    }
}
