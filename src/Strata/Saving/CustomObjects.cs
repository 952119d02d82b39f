using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Strata.Layers;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;

namespace Strata.Saving;

/// <summary>
/// Classes and functions of your own that <see cref="Model.Load"/> may meet in a saved model, as Keras's
/// <c>register_keras_serializable</c> and <c>custom_objects</c>. A model saves each layer, loss, metric, optimizer
/// and schedule as its class name and <c>GetConfig()</c>; loading calls the function registered for that name with
/// the config. A loss or metric function is registered under a name, which <c>Compile</c> then accepts as Keras
/// accepts a registered function's name, and which the saved compile settings carry.
/// <code>
/// CustomObjects.Register(config => new Scale((float)config["factor"]!, (string?)config["name"]));   // a layer
/// CustomObjects.Register("rmse", (yTrue, yPred) => Ops.Sqrt(Ops.Mean(Ops.Square(yTrue - yPred), -1)));
/// model.Compile("adam", loss: "rmse", metrics: ["rmse"]);
/// </code>
/// </summary>
public static class CustomObjects
{
    private static readonly ConcurrentDictionary<(Type Kind, string ClassName), Func<JsonObject, object>> Classes = new();
    private static readonly ConcurrentDictionary<string, Func<Tensor, Tensor, Tensor>> Functions = new(StringComparer.Ordinal);

    /// <summary>The kinds of object a saved model names by class.</summary>
    private static readonly Type[] Kinds = [typeof(Layer), typeof(Loss), typeof(Metric), typeof(Optimizer), typeof(LearningRateSchedule)];

    /// <summary>
    /// Registers <typeparamref name="T"/> (a layer, model, loss, metric, optimizer or learning-rate schedule of your
    /// own) under its class name, rebuilt from its saved config by <paramref name="fromConfig"/>.
    /// </summary>
    public static void Register<T>(Func<JsonObject, T> fromConfig)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fromConfig);
        Type kind = Kinds.FirstOrDefault(k => k.IsAssignableFrom(typeof(T)))
            ?? throw new ArgumentException($"CustomObjects.Register: {typeof(T).Name} is not a Layer, Loss, Metric, Optimizer or LearningRateSchedule.", nameof(fromConfig));
        if (kind == typeof(Layer)) LayerRegistry.Register(typeof(T).Name, c => (Layer)(object)fromConfig(c.Json));
        else Classes[(kind, typeof(T).Name)] = fromConfig;
    }

    /// <summary>
    /// Registers a loss or metric function of (yTrue, yPred) giving one value per sample, under <paramref name="name"/>:
    /// <c>Compile(loss: name, metrics: [name])</c> then wraps it (<see cref="LossFunctionWrapper"/>,
    /// <see cref="MeanMetricWrapper"/>), and a saved model compiled with it loads compiled.
    /// </summary>
    public static void Register(string name, Func<Tensor, Tensor, Tensor> fn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fn);
        Functions[name] = fn;
    }

    /// <summary>A registered object of this kind rebuilt from its config; null when no class of that name is registered.</summary>
    internal static T? Create<T>(string className, JsonObject config)
        where T : class =>
        Classes.TryGetValue((typeof(T), className), out Func<JsonObject, object>? create) ? (T)create(config) : null;

    /// <summary>The function registered under this name, or null.</summary>
    internal static Func<Tensor, Tensor, Tensor>? Function(string name) => Functions.GetValueOrDefault(name);
}
