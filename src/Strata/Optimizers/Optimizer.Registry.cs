namespace Strata.Optimizers;

// Lookup by name and configuration, as keras.optimizers.get and get_config.
public abstract partial class Optimizer
{
    private static readonly Dictionary<string, Func<Optimizer>> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sgd"] = () => new SGD(),
        ["rmsprop"] = () => new RMSprop(),
        ["adam"] = () => new Adam(),
        ["adamw"] = () => new AdamW(),
        ["adagrad"] = () => new Adagrad(),
    };

    /// <summary>A new optimizer with Keras's defaults, by name ("sgd", "rmsprop", "adam", "adamw", "adagrad"; any case).</summary>
    /// <summary>A Keras name where an optimizer is expected: <c>optimizer: "rmsprop"</c>.</summary>
    public static implicit operator Optimizer(string identifier) => Get(identifier);

    public static Optimizer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return Known.TryGetValue(identifier, out Func<Optimizer>? create) ? create()
            : throw new ArgumentException($"Unknown optimizer '{identifier}'. Known optimizers: {string.Join(", ", Known.Keys)}.", nameof(identifier));
    }

    /// <summary>
    /// The hyper-parameters by their Keras names (learning_rate, weight_decay, clipnorm...), as
    /// Keras's get_config, for saving. A schedule appears as {class_name, config}.
    /// </summary>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["learning_rate"] = _schedule is null
            ? LearningRate
            : new Dictionary<string, object?> { ["class_name"] = _schedule.GetType().Name, ["config"] = _schedule.GetConfig() },
        ["weight_decay"] = WeightDecay,
        ["clipnorm"] = ClipNorm,
        ["global_clipnorm"] = GlobalClipNorm,
        ["clipvalue"] = ClipValue,
        ["use_ema"] = false,
        ["ema_momentum"] = 0.99f,
        ["ema_overwrite_frequency"] = null,
        ["loss_scale_factor"] = null,
        ["gradient_accumulation_steps"] = null,
    };
}
