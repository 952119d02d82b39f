using System.Text.Json.Nodes;
using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>Rebuilds layers from their saved configs ({"class_name", "config"}), the inverse of GetConfig.</summary>
internal static class LayerRegistry
{
    public static Layer FromNode(JsonNode node)
    {
        string className = (string?)node["class_name"] ?? throw new InvalidDataException("a layer entry has no class_name");
        JsonNode c = node["config"] ?? throw new InvalidDataException($"layer {className} has no config");
        string? name = (string?)c["name"];
        Layer layer = className switch
        {
            "Sequential" => ModelConfig.SequentialFromConfig(c),
            "Functional" => ModelConfig.FunctionalFromConfig(c),
            nameof(Dense) => new Dense((int)c["units"]!, (string?)c["activation"], (bool)c["use_bias"]!,
                Initializer.Get((string)c["kernel_initializer"]!), Initializer.Get((string)c["bias_initializer"]!),
                RegularizerFrom(c["kernel_regularizer"]), RegularizerFrom(c["bias_regularizer"]), name),
            nameof(Activation) => new Activation((string)c["activation"]!, name),
            nameof(Dropout) => new Dropout((float)c["rate"]!, (int?)c["seed"], name),
            nameof(Flatten) => new Flatten(name),
            nameof(Reshape) => new Reshape(c["target_shape"]!.AsArray().Select(d => (int)d!).ToArray(), name),
            nameof(Concatenate) => new Concatenate((int)c["axis"]!, name),
            nameof(Add) => new Add(name),
            nameof(InputLayer) => new InputLayer(c["shape"]!.AsArray().Select(d => (int)d!).ToArray(), name),
            _ => throw new InvalidDataException($"unknown layer class '{className}'"),
        };
        if (c["trainable"] is JsonNode trainable) layer.Trainable = (bool)trainable;
        return layer;
    }

    /// <summary>Regularizers are saved as {"class_name": "l2", "config": {"l2": 0.01}}.</summary>
    public static Regularizer? RegularizerFrom(JsonNode? node)
    {
        if (node is null) return null;
        string className = (string)node["class_name"]!;
        JsonNode? c = node["config"];
        float Value(string key) => (float?)c?[key] ?? 0f;
        return className switch
        {
            "l1" => new L1(Value("l1")),
            "l2" => new L2(Value("l2")),
            "l1_l2" => new L1L2(Value("l1"), Value("l2")),
            _ => throw new InvalidDataException($"unknown regularizer '{className}'"),
        };
    }

    public static Dictionary<string, object?>? RegularizerConfig(Regularizer? regularizer) =>
        regularizer is null ? null : new() { ["class_name"] = regularizer.Name, ["config"] = regularizer.GetConfig() };
}
