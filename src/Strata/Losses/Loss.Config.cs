using Strata.Saving;

namespace Strata.Losses;

// Saving a compiled model: a loss as Keras's get_config writes it, and back (Keras's deserialize).
public abstract partial class Loss
{
    /// <summary>The arguments that rebuild the loss, by Keras's names: name, reduction, then its own (from_logits, delta...).</summary>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["reduction"] = Reduction };

    /// <summary>A loss from its class name and config, built in or registered (<see cref="CustomObjects"/>); null for a class Strata does not know.</summary>
    internal static Loss? FromConfig(string className, ConfigNode c)
    {
        string reduction = c.OptionalString("reduction") ?? "sum_over_batch_size";
        string Name(string fallback) => c.OptionalString("name") ?? fallback;
        float Float(string key, float fallback) => c.Has(key) ? c.Float(key) : fallback;
        return className switch
        {
            nameof(BinaryCrossentropy) => new BinaryCrossentropy(c.Bool("from_logits", false), Float("label_smoothing", 0f), c.OptionalInt("axis") ?? -1, reduction, Name("binary_crossentropy")),
            nameof(CategoricalCrossentropy) => new CategoricalCrossentropy(c.Bool("from_logits", false), Float("label_smoothing", 0f), c.OptionalInt("axis") ?? -1, reduction, Name("categorical_crossentropy")),
            nameof(SparseCategoricalCrossentropy) => new SparseCategoricalCrossentropy(c.Bool("from_logits", false), c.OptionalInt("ignore_class"), reduction, c.OptionalInt("axis") ?? -1, Name("sparse_categorical_crossentropy")),
            nameof(MeanSquaredError) => new MeanSquaredError(reduction, Name("mean_squared_error")),
            nameof(MeanAbsoluteError) => new MeanAbsoluteError(reduction, Name("mean_absolute_error")),
            nameof(Huber) => new Huber(Float("delta", 1f), reduction, Name("huber_loss")),
            nameof(LossFunctionWrapper) when c.OptionalString("fn") is string fn && CustomObjects.Function(fn) is { } function => new LossFunctionWrapper(function, reduction, Name(fn)),
            _ => CustomObjects.Create<Loss>(className, c.Json),
        };
    }
}
