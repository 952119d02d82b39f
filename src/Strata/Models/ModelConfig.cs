using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Layers;
using Strata.Saving;

namespace Strata;

/// <summary>
/// A model's architecture as JSON, Keras-style: {"class_name": "Sequential" | "Functional", "config": {...}}.
/// A functional graph is stored as its layers, then its steps (which layer is called on which
/// tensors), with tensors numbered inputs first, then steps in order.
/// </summary>
internal static class ModelConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The model's config; a compiled model's also holds its compile settings ("compile_config", as Keras 3's).</summary>
    public static string ToJson(Model model)
    {
        JsonNode node = ToNode(model);
        if (model.CompiledSettings is CompiledTraining compiled) node["compile_config"] = CompileConfig.ToNode(compiled);
        return node.ToJsonString(Indented);
    }

    /// <summary>
    /// A sample of a saved model's input may hold at most this many values: building a model runs one sample
    /// through it, so a corrupted shape must not make that allocate gigabytes.
    /// </summary>
    public const int MaxSampleValues = 1 << 26;

    /// <summary>
    /// Rebuilds the model that <paramref name="json"/> describes, checking every field on the way; the weights
    /// it creates may hold at most <paramref name="weightValues"/> values (those the file stores).
    /// </summary>
    public static Model FromJson(string json, string source, long weightValues)
    {
        JsonNode? node;
        try
        {
            // Duplicate keys are refused at parse time: otherwise the first lookup would fail with .NET's bare "same key" message.
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: config.json is invalid: {e.Message}", e);
        }
        using var budget = WeightBudget.Begin(source, weightValues);
        Layer layer;
        try
        {
            layer = LayerRegistry.FromNode(new ConfigNode(node, source, "$"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Every field was well-formed, but the layers do not fit together (say, a Dense kernel of the wrong input size).
            throw new InvalidDataException($"{source}: config.json describes a model that cannot be built: {e.Message}", e);
        }
        var model = layer as Model
            ?? throw new InvalidDataException($"{source}: config.json describes a single layer, not a model (its class_name must be Sequential or Functional).");
        if (model.IsSubclassed && !model.Built && node!["config"]?["build_input_shape"] is JsonNode)
        {
            model.Build(BuildShape(new ConfigNode(node["config"], source, "$.config")));
        }
        if (node!["compile_config"] is JsonObject)
        {
            // As Keras: settings Strata cannot rebuild leave the model uncompiled, and say so.
            string? reason = CompileConfig.Apply(model, new ConfigNode(node["compile_config"], source, "$.compile_config"));
            if (reason is not null) Engine.Warnings.WriteLine($"Strata: {source} was saved compiled, but {reason}; the model is loaded uncompiled: call Compile before training.");
        }
        return model;
    }

    public static JsonNode ToNode(Layer layer) => layer switch
    {
        Sequential s => Wrap("Sequential", SequentialConfig(s)),
        Model { IsSubclassed: true } m => Wrap(m.GetType().Name, SubclassConfig(m)),
        Model m => Wrap("Functional", FunctionalConfig(m)),
        _ => Wrap(layer.GetType().Name, Saving.ConfigValues.ToObject(layer.GetConfig())),
    };

    /// <summary>
    /// A subclassed model: its own config (its GetConfig) and the input shape it was built for, from which loading
    /// builds it again before its weights are assigned (its class registered with CustomObjects.Register).
    /// </summary>
    private static JsonNode SubclassConfig(Model model)
    {
        JsonNode config = Saving.ConfigValues.ToObject(model.GetConfig());
        if (model.BuildInputShape is int[] shape) config["build_input_shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray());
        return config;
    }

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
        DType dtype = model.InputDTypes[0];
        if (dtype != DType.Float32) config["input_dtype"] = dtype.Name(); // a declared InputLayer's (texts for a TextVectorization first)
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
                ["dtype"] = ((Input)i).DType.Name(),
            }).ToArray()),
            ["steps"] = new JsonArray(model.Steps.Select(s =>
            {
                var step = new JsonObject
                {
                    ["layer"] = layers.IndexOf(s.Layer!),
                    ["inputs"] = new JsonArray(s.Inputs.Select(i => (JsonNode)tensors[i]).ToArray()),
                };
                if (s.Siblings.Length > 1) step["output"] = s.OutputIndex; // which of a returnState layer's outputs
                return (JsonNode)step;
            }).ToArray()),
            ["outputs"] = new JsonArray(model.Outputs.Select(o => (JsonNode)tensors[o]).ToArray()),
        };
    }

    public static Sequential SequentialFromConfig(ConfigNode config)
    {
        Layer[] layers = Layers(config);
        int[]? shape = config.Has("build_input_shape") ? BuildShape(config) : null;
        if (config.Has("input_dtype"))
        {
            if (shape is null || shape.Skip(1).Any(d => d < 1)) throw config.Invalid($"{config.Path}.input_dtype needs a build_input_shape of known sizes");
            layers = [new InputLayer(shape[1..], dtype: InputDType(config, "input_dtype")), .. layers];
        }
        var model = new Sequential(layers, config.OptionalString("name"));
        if (shape is not null) model.Build(shape);
        return model;
    }

    public static Model FunctionalFromConfig(ConfigNode config)
    {
        Layer[] layers = Layers(config);
        var tensors = new List<SymbolicTensor>();
        foreach (ConfigNode input in config.Objects("inputs"))
        {
            tensors.Add(new Input(SampleShape(input, "shape", anySize: true), input.OptionalString("name"), InputDType(input)));
        }
        int inputCount = tensors.Count;
        // The outputs of each call of a layer of several outputs, so that the steps naming its outputs share the call.
        var calls = new Dictionary<string, SymbolicTensor[]>();
        foreach (ConfigNode step in config.Objects("steps"))
        {
            int layerIndex = step.Int("layer", 0, layers.Length - 1);
            Layer layer = layers[layerIndex];
            int[] inputIndices = step.Ints("inputs", 0, tensors.Count - 1);
            SymbolicTensor[] inputs = [.. inputIndices.Select(i => tensors[i])];
            if (inputs.Length == 0) throw step.Invalid($"{step.Path}.inputs is empty");
            if (layer.OutputCount == 1)
            {
                tensors.Add(inputs.Length == 1 ? layer.Call(inputs[0]) : layer.Call(inputs));
                continue;
            }
            string call = $"{layerIndex}:{string.Join(",", inputIndices)}";
            if (!calls.TryGetValue(call, out SymbolicTensor[]? made)) calls[call] = made = layer.CallOutputs(inputs[0]);
            tensors.Add(made[step.Has("output") ? step.Int("output", 0, made.Length - 1) : 0]);
        }
        SymbolicTensor[] outputs = [.. config.Ints("outputs", 0, tensors.Count - 1).Select(i => tensors[i])];
        return new Model(tensors.Take(inputCount).ToArray(), outputs, config.OptionalString("name"));
    }

    /// <summary>A model's layers, every config read and checked before any is built; names must be unique, as Keras requires.</summary>
    private static Layer[] Layers(ConfigNode config)
    {
        Layer[] layers = [.. config.Objects("layers").Select(LayerRegistry.FromNode)];
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < layers.Length; i++)
        {
            if (!seen.TryAdd(layers[i].Name, i))
            {
                throw config.Invalid($"{config.Path}.layers[{i}] is named '{layers[i].Name}', as {config.Path}.layers[{seen[layers[i].Name]}] is: layer names in a model must be unique");
            }
        }
        return layers;
    }

    /// <summary>A sample's shape (no batch axis): positive sizes, at most <see cref="MaxSampleValues"/> values.</summary>
    /// <param name="c">The config object holding the shape.</param>
    /// <param name="key">The shape's key in <paramref name="c"/>.</param>
    /// <param name="anySize">Whether -1 (an axis of any size, a model input's) is allowed.</param>
    public static int[] SampleShape(ConfigNode c, string key, bool anySize = false)
    {
        int[] shape = c.Ints(key, min: anySize ? -1 : 1);
        if (shape.Contains(0)) throw c.Invalid($"{c.Path}.{key} {Shape.Format(shape)} has an axis of size 0");
        CheckSampleSize(c, key, shape.Select(d => Math.Max(d, 1)).ToArray());
        return shape;
    }

    /// <summary>A model input's dtype ("float32" when not saved, as files before it).</summary>
    public static DType InputDType(ConfigNode input, string key = "dtype")
    {
        string name = input.OptionalString(key) ?? "float32";
        return Enum.GetValues<DType>().FirstOrDefault(d => d.Name() == name, (DType)(-1)) is DType d && Enum.IsDefined(d) ? d
            : throw input.Invalid($"{input.Path}.{key} \"{name}\" is not a dtype Strata knows");
    }

    /// <summary>A Sequential's build_input_shape: the batch axis first (-1 or a size), then the sample's shape.</summary>
    private static int[] BuildShape(ConfigNode c)
    {
        int[] shape = c.Ints("build_input_shape", min: -1);
        if (shape.Length == 0 || shape.Skip(1).Any(d => d < 1)) throw c.Invalid($"{c.Path}.build_input_shape must be a batch axis then positive sizes, got {Shape.Format(shape)}");
        CheckSampleSize(c, "build_input_shape", shape[1..]);
        return shape;
    }

    private static void CheckSampleSize(ConfigNode c, string key, int[] sample)
    {
        long size = 1;
        foreach (int d in sample) size = Math.Min(size * d, long.MaxValue / int.MaxValue);
        if (size > MaxSampleValues)
        {
            throw c.Invalid($"{c.Path}.{key} {Shape.Format(sample)} describes samples of {size:N0} values, more than a saved model may have ({MaxSampleValues:N0})");
        }
    }
}
