using System.Text.Json.Nodes;
using Strata.Layers;

namespace Strata.Saving.Keras;

/// <summary>
/// A model config as Keras writes it — Sequential, or Functional with each layer's inbound nodes (Keras 2's
/// [[name, node, tensor, kwargs]] lists and Keras 3's __keras_tensor__ arguments) — rebuilt as a Strata model:
/// each layer from its normalized config, then called on the tensors its nodes name, in the file's order.
/// </summary>
internal static class KerasModelConfig
{
    /// <summary>
    /// How a file is read: Keras 2's dialect or Keras 3's, and (a .keras archive) the vocabulary an adapted
    /// TextVectorization keeps as an asset under its layer path, which its shape depends on.
    /// </summary>
    public sealed record Reading(bool Keras2, Func<string, (string[] Tokens, float[]? Idf)?>? Vocabulary = null);

    /// <summary>The model an entry {"class_name": "Sequential" | "Functional" | "Model", "config": {...}} describes.</summary>
    public static Model Build(ConfigNode entry, Reading reading) => Build(entry, reading, "");

    /// <summary>A model whose layers' Keras 3 paths start with <paramref name="prefix"/> (a nested model's path).</summary>
    private static Model Build(ConfigNode entry, Reading reading, string prefix)
    {
        string className = entry.String("class_name");
        return className switch
        {
            "Sequential" => SequentialEntry(entry, reading, prefix),
            "Functional" or "Model" => Functional(entry.Object("config"), reading, prefix),
            _ when LayerRegistry.IsCustom(className) => Subclassed(entry),
            _ => throw new NotSupportedException($"{entry.Source}: the model is a '{className}', a model class of its own (a subclassed model): Strata rebuilds Sequential and functional models from their configs, and subclassed ones whose class is registered with CustomObjects.Register."),
        };
    }

    /// <summary>A subclassed model of a registered class: made from its config, then built for the input shape in its build_config.</summary>
    private static Model Subclassed(ConfigNode entry)
    {
        var model = LayerRegistry.FromNode(entry) as Model
            ?? throw new NotSupportedException($"{entry.Source}: '{entry.String("class_name")}' is registered as a layer, not a model.");
        if (entry.Json["build_config"]?["input_shape"] is JsonArray shape) model.Build(shape.Select(d => d is null ? -1 : (int)d).ToArray());
        return model;
    }

    /// <summary>A Sequential entry; Keras 2.0 wrote its config as the bare list of its layers.</summary>
    private static Sequential SequentialEntry(ConfigNode entry, Reading reading, string prefix)
    {
        if (entry.Json["config"] is JsonArray list)
        {
            entry = new ConfigNode(new JsonObject { ["class_name"] = "Sequential", ["config"] = new JsonObject { ["layers"] = list.DeepClone() } }, entry.Source, entry.Path, entry.Document);
        }
        return Sequential(entry.Object("config"), reading, prefix);
    }

    private static Sequential Sequential(ConfigNode config, Reading reading, string prefix)
    {
        var layers = new List<Layer>();
        var paths = new Dictionary<string, int>();
        int i = 0;
        foreach (ConfigNode item in config.Objects("layers"))
        {
            string className = item.String("class_name");
            ConfigNode layerConfig = item.Object("config");
            // Keras 2 puts the input shape on the first layer itself.
            if (i == 0 && className != "InputLayer" && layerConfig.Has("batch_input_shape"))
            {
                (int[] shape, DType dtype) = KerasLayerConfig.Input(layerConfig);
                layers.Add(new InputLayer(shape, dtype: dtype));
            }
            if (className == "InputLayer")
            {
                (int[] shape, DType dtype) = KerasLayerConfig.Input(layerConfig);
                if (shape.Any(d => d < 0)) throw KerasLayerConfig.Unsupported(item, $"an input of shape {SymbolicTensor.FormatShape([-1, .. shape])} in a Sequential model (sizes of any length need a functional model)");
                layers.Add(new InputLayer(shape, layerConfig.OptionalString("name"), dtype));
            }
            else
            {
                layers.Add(Layer(item, reading, prefix, paths));
            }
            i++;
        }
        var model = new Sequential(layers, config.OptionalString("name"));
        if (!model.Built && config.Json["build_input_shape"] is JsonArray build)
        {
            model.Build(build.Select(d => d is null ? -1 : (int)d).ToArray());
        }
        return model;
    }

    private static Model Functional(ConfigNode config, Reading reading, string prefix)
    {
        var tensors = new Dictionary<(string Layer, int Node, int Index), SymbolicTensor>();
        var paths = new Dictionary<string, int>();
        foreach (ConfigNode item in config.Objects("layers"))
        {
            string name = item.OptionalString("name") ?? item.Object("config").String("name");
            if (item.String("class_name") == "InputLayer")
            {
                (int[] shape, DType dtype) = KerasLayerConfig.Input(item.Object("config"));
                tensors[(name, 0, 0)] = new Input(shape, name, dtype);
                continue;
            }
            Layer layer = Layer(item, reading, prefix, paths);
            int node = 0;
            foreach ((JsonNode? args, string path) in Nodes(item))
            {
                SymbolicTensor[] inputs = Arguments(args, tensors, item, path);
                SymbolicTensor[] outputs = inputs.Length == 1 ? layer.CallOutputs(inputs[0]) : [layer.Call(inputs)];
                for (int o = 0; o < outputs.Length; o++) tensors[(name, node, o)] = outputs[o];
                node++;
            }
        }
        // Keras 3 writes a single input or output as one reference, [name, node, index], rather than a list of them.
        SymbolicTensor[] Ends(string key) => IsKeras2Reference(config.Array(key)) ? [Reference(config.Array(key), tensors, config, key)]
            : config.Array(key).Select((r, i) => Reference(r, tensors, config, $"{key}[{i}]")).ToArray();
        return new Model(Ends("input_layers"), Ends("output_layers"), config.OptionalString("name"));
    }

    /// <summary>
    /// A layer, or a nested model, from its Keras entry, at its Keras 3 path (its class in snake case, counted per class
    /// in the model's order, as <see cref="KerasWeights.Keras3Layout"/>): an adapted TextVectorization gets its vocabulary there.
    /// </summary>
    private static Layer Layer(ConfigNode item, Reading reading, string prefix, Dictionary<string, int> paths)
    {
        string className = item.String("class_name");
        string snake = KerasWeights.SnakeCase(className == "Model" ? "Functional" : className);
        string path = $"{prefix}layers/{(paths.TryGetValue(snake, out int count) ? $"{snake}_{count + 1}" : snake)}";
        paths[snake] = paths.ContainsKey(snake) ? count + 1 : 0;
        if (className is "Sequential" or "Functional" or "Model") return Build(item, reading, path + "/");
        JsonObject normalized = KerasLayerConfig.Normalize(item.Json, item, reading.Keras2);
        if (className == "TextVectorization" && normalized["config"]?["vocabulary"] is null && reading.Vocabulary?.Invoke(path) is { } asset)
        {
            normalized["config"]!["vocabulary"] = new JsonArray(asset.Tokens.Select(t => (JsonNode)t).ToArray());
            normalized["config"]!["idf_weights"] = asset.Idf is null ? null : new JsonArray(asset.Idf.Select(w => (JsonNode)(double)w).ToArray());
        }
        return LayerRegistry.FromNode(new ConfigNode(normalized, item.Source, item.Path, item.Document));
    }

    /// <summary>A layer's calls: Keras 2 lists one list of references per call; Keras 3 one {"args": [...], "kwargs"} object per call.</summary>
    private static IEnumerable<(JsonNode? Args, string Path)> Nodes(ConfigNode item)
    {
        if (item.Json["inbound_nodes"] is not JsonArray nodes) yield break;
        for (int n = 0; n < nodes.Count; n++)
        {
            yield return nodes[n] switch
            {
                JsonObject call => (call["args"] is JsonArray args && args.Count == 1 ? args[0] : call["args"], $"inbound_nodes[{n}].args"),
                var refs => (refs, $"inbound_nodes[{n}]"),
            };
        }
    }

    /// <summary>The tensors one call takes: a single reference or a list of them (Keras 2 [name, node, index, kwargs], Keras 3 __keras_tensor__).</summary>
    private static SymbolicTensor[] Arguments(JsonNode? args, Dictionary<(string, int, int), SymbolicTensor> tensors, ConfigNode item, string path) => args switch
    {
        JsonObject => [Reference(args, tensors, item, path)],
        JsonArray list when IsKeras2Reference(list) => [Reference(list, tensors, item, path)],
        JsonArray list => list.Select((a, i) => Reference(a, tensors, item, $"{path}[{i}]")).ToArray(),
        _ => throw item.Invalid($"{item.Path}.{path} is not a tensor reference"),
    };

    private static bool IsKeras2Reference(JsonArray list) => list.Count >= 3 && list[0] is JsonValue first && first.GetValueKind() == System.Text.Json.JsonValueKind.String;

    private static SymbolicTensor Reference(JsonNode? node, Dictionary<(string, int, int), SymbolicTensor> tensors, ConfigNode where, string path)
    {
        JsonArray? history = node switch
        {
            JsonObject o => o["config"]?["keras_history"] as JsonArray,
            JsonArray list when IsKeras2Reference(list) => list,
            JsonArray { Count: 1 } one when one[0] is JsonArray inner && IsKeras2Reference(inner) => inner,
            _ => null,
        };
        if (history is null || history.Count < 3) throw where.Invalid($"{where.Path}.{path} is not a tensor reference");
        (string layer, int nodeIndex, int index) = ((string)history[0]!, (int)history[1]!, (int)history[2]!);
        return tensors.TryGetValue((layer, nodeIndex, index), out SymbolicTensor? tensor) ? tensor
            : throw where.Invalid($"{where.Path}.{path} refers to output {index} of call {nodeIndex} of layer '{layer}', which comes later or does not exist");
    }
}
