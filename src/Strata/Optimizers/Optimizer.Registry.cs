using Strata.Saving;

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

    /// <summary>A Keras name where an optimizer is expected: <c>optimizer: "rmsprop"</c>.</summary>
    public static implicit operator Optimizer(string identifier) => Get(identifier);

    /// <summary>A new optimizer with Keras's defaults, by name ("sgd", "rmsprop", "adam", "adamw", "adagrad"; any case).</summary>
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

    /// <summary>
    /// A built-in optimizer from its class name and <see cref="GetConfig"/>'s config (Keras's deserialize), its
    /// learning rate a number or a schedule's {class_name, config}; null for a class or schedule Strata does not know.
    /// </summary>
    internal static Optimizer? FromConfig(string className, ConfigNode c)
    {
        LearningRateSchedule? rate;
        if (c.Json["learning_rate"] is System.Text.Json.Nodes.JsonObject)
        {
            ConfigNode schedule = c.Object("learning_rate");
            rate = LearningRateSchedule.FromConfig(schedule.String("class_name"), schedule.Object("config"));
            if (rate is null) return null;
        }
        else
        {
            rate = c.Float("learning_rate", 0f);
        }
        float? Optional(string key) => c.Has(key) ? c.Float(key) : null;
        float Value(string key, float fallback) => c.Has(key) ? c.Float(key) : fallback;
        (float? decay, float? clipNorm, float? clipValue, float? global, string? name) =
            (Optional("weight_decay"), Optional("clipnorm"), Optional("clipvalue"), Optional("global_clipnorm"), c.OptionalString("name"));
        return className switch
        {
            nameof(SGD) => new SGD(rate, Value("momentum", 0f), c.Bool("nesterov", false), decay, clipNorm, clipValue, global, name),
            nameof(RMSprop) => new RMSprop(rate, Value("rho", 0.9f), Value("momentum", 0f), Value("epsilon", 1e-7f), c.Bool("centered", false), decay, clipNorm, clipValue, global, name),
            nameof(Adam) => new Adam(rate, Value("beta_1", 0.9f), Value("beta_2", 0.999f), Value("epsilon", 1e-7f), c.Bool("amsgrad", false), decay, clipNorm, clipValue, global, name),
            nameof(AdamW) => new AdamW(rate, decay ?? 0.004f, Value("beta_1", 0.9f), Value("beta_2", 0.999f), Value("epsilon", 1e-7f), c.Bool("amsgrad", false), clipNorm, clipValue, global, name),
            nameof(Adagrad) => new Adagrad(rate, Value("initial_accumulator_value", 0.1f), Value("epsilon", 1e-7f), decay, clipNorm, clipValue, global, name),
            _ => Saving.CustomObjects.Create<Optimizer>(className, c.Json),
        };
    }
}
