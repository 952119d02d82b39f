namespace Strata.Initializers;

/// <summary>
/// Makes the starting values of a weight, as keras.initializers.Initializer: <c>Call(shape)</c>
/// returns a new float32 tensor of that shape.
/// </summary>
public abstract class Initializer
{
    /// <summary>Sets <see cref="Name"/> from the class name.</summary>
    protected Initializer() => Name = Naming.ToSnakeCase(GetType().Name);

    /// <summary>Keras's snake_case name of the class, e.g. "glorot_uniform".</summary>
    public string Name { get; }

    /// <summary>New float32 values of the given shape.</summary>
    public abstract Tensor Call(int[] shape);

    /// <summary>The constructor arguments by their Keras names (e.g. {"seed": null}), for saving a layer's config.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>A Keras name where an initializer is expected: <c>kernelInitializer: "he_normal"</c>.</summary>
    /// <param name="identifier">The name, as for <see cref="Get"/>.</param>
    public static implicit operator Initializer(string identifier) => Get(identifier);

    /// <summary>
    /// A new initializer with Keras's defaults, by name: snake_case ("glorot_uniform") or class name
    /// ("GlorotUniform"), in any case, and Keras's aliases ("normal", "uniform", "zero", "one").
    /// </summary>
    /// <param name="identifier">The name of the initializer.</param>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Initializer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return Known.TryGetValue(identifier.Replace("_", ""), out Func<Initializer>? create) ? create()
            : throw new ArgumentException(
                $"Unknown initializer '{identifier}'. Known initializers: glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, zeros, ones, constant, identity, orthogonal, random_normal, random_uniform, truncated_normal, variance_scaling.",
                nameof(identifier));
    }

    // Keyed without underscores, so that "he_normal" and "HeNormal" meet.
    private static readonly Dictionary<string, Func<Initializer>> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["glorotuniform"] = () => new GlorotUniform(),
        ["glorotnormal"] = () => new GlorotNormal(),
        ["henormal"] = () => new HeNormal(),
        ["heuniform"] = () => new HeUniform(),
        ["lecunnormal"] = () => new LecunNormal(),
        ["lecununiform"] = () => new LecunUniform(),
        ["zeros"] = () => new Zeros(),
        ["zero"] = () => new Zeros(),
        ["ones"] = () => new Ones(),
        ["one"] = () => new Ones(),
        ["constant"] = () => new Constant(),
        ["identity"] = () => new Identity(),
        ["identityinitializer"] = () => new Identity(),
        ["orthogonal"] = () => new Orthogonal(),
        ["orthogonalinitializer"] = () => new Orthogonal(),
        ["randomnormal"] = () => new RandomNormal(),
        ["normal"] = () => new RandomNormal(),
        ["randomuniform"] = () => new RandomUniform(),
        ["uniform"] = () => new RandomUniform(),
        ["truncatednormal"] = () => new TruncatedNormal(),
        ["variancescaling"] = () => new VarianceScaling(),
    };
}
