using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Losses;
using Strata.Metrics;
using Strata.Optimizers;

namespace Strata.Saving;

/// <summary>
/// A model's compile settings as Keras 3 saves them (config.json's "compile_config": optimizer, loss, metrics,
/// loss_weights), each object serialized as Keras's {module, class_name, config, registered_name}; and back. A
/// setting Strata cannot rebuild (a user's own loss, metric, optimizer or schedule class) leaves the loaded
/// model uncompiled, with the reason, as Keras warns and skips compiling.
/// </summary>
internal static class CompileConfig
{
    public static JsonObject ToNode(CompiledTraining compiled)
    {
        IReadOnlyList<Loss> losses = compiled.Losses;
        bool oneLoss = losses.All(l => ReferenceEquals(l, losses[0]));
        return new JsonObject
        {
            ["optimizer"] = Serialized("keras.optimizers", compiled.Optimizer.GetType().Name, compiled.Optimizer.GetConfig()),
            ["loss"] = oneLoss ? Serialized(losses[0]) : new JsonArray(losses.Select(Serialized).ToArray()),
            ["loss_weights"] = compiled.LossWeights.All(w => w == 1f) ? null : new JsonArray(compiled.LossWeights.Select(w => (JsonNode)w).ToArray()),
            // Keras's list, or its list of lists when each output has its own metrics.
            ["metrics"] = compiled.MetricsPerOutput
                ? new JsonArray(compiled.OutputMetricSpecs.Select(list => (JsonNode)Metrics(list)).ToArray())
                : Metrics(compiled.MetricSpecs),
            ["weighted_metrics"] = null,
            ["run_eagerly"] = false,
            ["steps_per_execution"] = 1,
            ["jit_compile"] = false,
        };
    }

    /// <summary>
    /// Compiles <paramref name="model"/> as the saved settings say; returns why not (a class Strata cannot rebuild,
    /// settings for named outputs), or null once compiled. Malformed settings are an <see cref="InvalidDataException"/>.
    /// </summary>
    public static string? Apply(Model model, ConfigNode c)
    {
        Optimizer? optimizer = c.Json["optimizer"] switch
        {
            null => new RMSprop(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => Known(() => Optimizer.Get(v.GetValue<string>())),
            _ => Deserialize(c.Object("optimizer"), Optimizer.FromConfig),
        };
        if (optimizer is null) return $"its optimizer {Describe(c.Json["optimizer"])} is not a class Strata can rebuild";
        if (NamesOutputs(c, "loss") || NamesOutputs(c, "metrics") || NamesOutputs(c, "loss_weights")) return "its settings name outputs (dictionaries); Strata's models take lists, one per output";
        List<Loss> losses = [];
        foreach ((JsonNode? node, string path) in Items(c, "loss"))
        {
            Loss? loss = node switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => Known(() => Loss.Get(v.GetValue<string>())),
                JsonObject => Deserialize(new ConfigNode(node, c.Source, $"{c.Path}.{path}", c.Document), Loss.FromConfig),
                _ => throw c.Invalid($"{c.Path}.{path} must be a loss name or object, got {Describe(node)}"),
            };
            if (loss is null) return $"its loss {Describe(node)} is not a class Strata can rebuild (register it, or compile the loaded model again)";
            losses.Add(loss);
        }
        // One list for every output, or (Keras's list of lists) one per output.
        bool perOutput = c.Json["metrics"] is JsonArray all && all.Count > 0 && all.All(m => m is JsonArray);
        List<List<MetricSpec>> metrics = [];
        foreach ((JsonNode? list, string listPath) in perOutput ? ((JsonArray)c.Json["metrics"]!).Select((l, i) => (l, $"metrics[{i}]")) : [(c.Json["metrics"], "metrics")])
        {
            List<MetricSpec> specs = [];
            var holder = new ConfigNode(new JsonObject { ["metrics"] = list?.DeepClone() }, c.Source, c.Path, c.Document);
            foreach ((JsonNode? node, string path) in Items(holder, "metrics"))
            {
                if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    specs.Add(v.GetValue<string>());
                    continue;
                }
                string where = $"{listPath}{path["metrics".Length..]}";
                Metric? metric = node is JsonObject ? Deserialize(new ConfigNode(node, c.Source, $"{c.Path}.{where}", c.Document), Metric.FromConfig)
                    : throw c.Invalid($"{c.Path}.{where} must be a metric name or object, got {Describe(node)}");
                if (metric is null) return $"its metric {Describe(node)} is not a class Strata can rebuild";
                specs.Add(metric);
            }
            metrics.Add(specs);
        }
        float[]? weights = c.OptionalFloats("loss_weights");
        Loss[] perOutputLosses = losses.Count == 1 ? Enumerable.Repeat(losses[0], model.OutputNames.Count).ToArray() : [.. losses];
        try
        {
            if (perOutput) model.Compile(optimizer, perOutputLosses, metrics.Select(m => (IReadOnlyList<MetricSpec>)m).ToArray(), weights);
            else model.Compile(optimizer, losses: perOutputLosses, metrics: metrics[0], lossWeights: weights);
        }
        catch (ArgumentException e)
        {
            throw c.Invalid($"{c.Path} does not fit the model: {e.Message}");
        }
        return null;
    }

    private static JsonArray Metrics(IReadOnlyList<MetricSpec> metrics) =>
        new(metrics.Select(m => m.Name is string name ? (JsonNode)name : Serialized("keras.metrics", m.Metric!.GetType().Name, m.Metric.GetConfig())).ToArray());

    /// <summary>Keras's serialize_keras_object form.</summary>
    private static JsonObject Serialized(string module, string className, Dictionary<string, object?> config) => new()
    {
        ["module"] = module,
        ["class_name"] = className,
        ["config"] = ConfigValues.ToObject(config),
        ["registered_name"] = null,
    };

    private static JsonObject Serialized(Loss loss) => Serialized("keras.losses", loss.GetType().Name, loss.GetConfig());

    private static T? Deserialize<T>(ConfigNode node, Func<string, ConfigNode, T?> fromConfig)
        where T : class
    {
        try
        {
            return fromConfig(node.String("class_name"), node.Object("config"));
        }
        catch (ArgumentException e)
        {
            throw node.Invalid($"{node.Path} cannot be built: {e.Message}");
        }
    }

    /// <summary>A name Keras knows that Strata may not: unknown names are settings Strata cannot rebuild, not a corrupt file.</summary>
    private static T? Known<T>(Func<T> get)
        where T : class
    {
        try
        {
            return get();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether a setting is a dictionary by output name (Keras's dict form), not one object.</summary>
    private static bool NamesOutputs(ConfigNode c, string key) => c.Json[key] is JsonObject o && !o.ContainsKey("class_name");

    /// <summary>The entries of a setting that is one value or a list (Keras's loss, metrics): each with its path.</summary>
    private static IEnumerable<(JsonNode? Node, string Path)> Items(ConfigNode c, string key) => c.Json[key] switch
    {
        null => [],
        JsonArray list => list.Select((item, i) => (item, $"{key}[{i}]")),
        JsonNode one => [(one, key)],
    };

    private static string Describe(JsonNode? node) => node switch
    {
        JsonObject o when o["class_name"] is JsonNode name => $"'{name}'",
        null => "null",
        _ => node.ToJsonString(),
    };
}
