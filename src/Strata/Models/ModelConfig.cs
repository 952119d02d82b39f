using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Layers;

namespace Strata;

/// <summary>
/// A model's architecture as JSON, Keras-style: {"class_name": "Sequential" | "Functional", "config": {...}}.
/// A functional graph is stored as its layers, then its steps (which layer is called on which
/// tensors), with tensors numbered inputs first, then steps in order.
/// </summary>
internal static class ModelConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(Model model) => ToNode(model).ToJsonString(Indented);

    public static Model FromJson(string json, string source)
    {
        try
        {
            JsonNode node = JsonNode.Parse(json) ?? throw new InvalidDataException("empty configuration");
            return (Model)LayerRegistry.FromNode(node);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or InvalidCastException or FormatException or NullReferenceException)
        {
            throw new InvalidDataException($"{source}: the model configuration is invalid ({e.Message}).", e);
        }
    }

    public static JsonNode ToNode(Layer layer) => layer switch
    {
        Sequential s => Wrap("Sequential", SequentialConfig(s)),
        Model m => Wrap("Functional", FunctionalConfig(m)),
        _ => Wrap(layer.GetType().Name, JsonSerializer.SerializeToNode(layer.GetConfig())!),
    };

    private static JsonNode Wrap(string className, JsonNode config) => new JsonObject { ["class_name"] = className, ["config"] = config };

    private static JsonNode SequentialConfig(Sequential model)
    {
        var config = new JsonObject
        {
            ["name"] = model.Name,
            ["layers"] = new JsonArray(model.Layers.Select(ToNode).ToArray()),
        };
        int[]? shape = model.DeclaredInputShape ?? model.BuildInputShape;
        if (shape is not null) config["build_input_shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray());
        return config;
    }

    private static JsonNode FunctionalConfig(Model model)
    {
        var tensors = new Dictionary<SymbolicTensor, int>(ReferenceEqualityComparer.Instance);
        foreach (SymbolicTensor input in model.Inputs) tensors[input] = tensors.Count;
        foreach (SymbolicTensor step in model.Steps) tensors[step] = tensors.Count;
        List<Layer> layers = [.. model.Layers];
        return new JsonObject
        {
            ["name"] = model.Name,
            ["layers"] = new JsonArray(layers.Select(ToNode).ToArray()),
            ["inputs"] = new JsonArray(model.Inputs.Select(i => (JsonNode)new JsonObject
            {
                ["name"] = i.Name,
                ["shape"] = new JsonArray(((Input)i).Dims.Skip(1).Select(d => (JsonNode)d).ToArray()),
            }).ToArray()),
            ["steps"] = new JsonArray(model.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["layer"] = layers.IndexOf(s.Layer!),
                ["inputs"] = new JsonArray(s.Inputs.Select(i => (JsonNode)tensors[i]).ToArray()),
            }).ToArray()),
            ["outputs"] = new JsonArray(model.Outputs.Select(o => (JsonNode)tensors[o]).ToArray()),
        };
    }

    public static Sequential SequentialFromConfig(JsonNode config)
    {
        var model = new Sequential(config["layers"]!.AsArray().Select(n => LayerRegistry.FromNode(n!)), (string?)config["name"]);
        if (config["build_input_shape"] is JsonArray shape) model.Build(shape.Select(d => (int)d!).ToArray());
        return model;
    }

    public static Model FunctionalFromConfig(JsonNode config)
    {
        Layer[] layers = config["layers"]!.AsArray().Select(n => LayerRegistry.FromNode(n!)).ToArray();
        var tensors = new List<SymbolicTensor>();
        foreach (JsonNode? input in config["inputs"]!.AsArray())
        {
            tensors.Add(new Input(input!["shape"]!.AsArray().Select(d => (int)d!).ToArray(), (string?)input["name"]));
        }
        int inputCount = tensors.Count;
        foreach (JsonNode? step in config["steps"]!.AsArray())
        {
            Layer layer = layers[(int)step!["layer"]!];
            SymbolicTensor[] inputs = step["inputs"]!.AsArray().Select(i => tensors[(int)i!]).ToArray();
            tensors.Add(inputs.Length == 1 ? layer.Call(inputs[0]) : layer.Call(inputs));
        }
        SymbolicTensor[] outputs = config["outputs"]!.AsArray().Select(i => tensors[(int)i!]).ToArray();
        return new Model(tensors.Take(inputCount).ToArray(), outputs, (string?)config["name"]);
    }
}
