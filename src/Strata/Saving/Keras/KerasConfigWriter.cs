using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Layers;

namespace Strata.Saving.Keras;

/// <summary>
/// A Strata model's config as Keras 3 writes config.json, so that Python's <c>keras.saving.load_model</c> rebuilds
/// it: every object as {"module", "class_name", "config", "registered_name"}, a layer with its build_config, a
/// Sequential's InputLayer first, a functional model's layers with Keras 3's inbound nodes (__keras_tensor__
/// arguments naming [layer, call, output]), and a compiled model's compile_config. Layers write their own
/// arguments under Keras's names (their GetConfig); only the regularizers change form ("l2" → Keras's L2 object).
/// </summary>
internal static class KerasConfigWriter
{
    public static JsonObject Model(Model model)
    {
        JsonObject entry = ModelEntry(model);
        if (model.CompiledSettings is CompiledTraining compiled) entry["compile_config"] = CompileConfig.ToNode(compiled);
        return entry;
    }

    private static JsonObject ModelEntry(Model model) => model switch
    {
        Sequential sequential => Sequential(sequential),
        { IsSubclassed: true } => Subclassed(model),
        _ => Functional(model),
    };

    /// <summary>
    /// A subclassed model, as Keras saves one: its class (registered under "Strata&gt;Name"), its config and build_config;
    /// its weights go under <c>layers/</c> in the order it tracked its layers (Strata's convention: Keras walks attributes).
    /// </summary>
    private static JsonObject Subclassed(Model model)
    {
        JsonObject entry = Wrap("strata", model.GetType().Name, ConfigValues.ToObject(model.GetConfig()));
        entry["registered_name"] = $"Strata>{model.GetType().Name}";
        if (model.BuildInputShape is int[] shape) entry["build_config"] = new JsonObject { ["input_shape"] = Shape(shape) };
        return entry;
    }

    private static JsonObject Sequential(Sequential model)
    {
        var layers = new JsonArray();
        int[]? shape = model.DeclaredInputShape ?? model.BuildInputShape;
        if (model.DeclaredInputLayer is InputLayer input) layers.Add((JsonNode)InputLayer(model.DeclaredInputShape!, input.DType, input.Name));
        foreach (Layer layer in model.Layers) layers.Add((JsonNode)LayerEntry(layer));
        var config = new JsonObject { ["name"] = model.Name, ["trainable"] = model.Trainable, ["layers"] = layers };
        if (shape is not null) config["build_input_shape"] = Shape(shape);
        JsonObject entry = Wrap("keras", "Sequential", config);
        if (shape is not null) entry["build_config"] = new JsonObject { ["input_shape"] = Shape(shape) };
        return entry;
    }

    private static JsonObject Functional(Model model)
    {
        var history = new Dictionary<SymbolicTensor, (string Layer, int Call, int Output)>(ReferenceEqualityComparer.Instance);
        var entries = new Dictionary<Layer, JsonObject>(ReferenceEqualityComparer.Instance);
        var layers = new JsonArray();
        foreach (SymbolicTensor input in model.Inputs)
        {
            history[input] = (input.Name, 0, 0);
            JsonObject entry = InputLayer(input.Dims, input.DType, input.Name);
            entry["name"] = input.Name;
            entry["inbound_nodes"] = new JsonArray();
            layers.Add((JsonNode)entry);
        }
        var calls = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        foreach (SymbolicTensor step in model.Steps)
        {
            if (history.ContainsKey(step)) continue; // another output of a call already written
            Layer layer = step.Layer!;
            if (!entries.TryGetValue(layer, out JsonObject? entry))
            {
                entry = layer is Model inner ? ModelEntry(inner) : LayerEntry(layer);
                entry["name"] = layer.Name;
                entry["inbound_nodes"] = new JsonArray();
                entries[layer] = entry;
                layers.Add((JsonNode)entry);
            }
            int call = calls.GetValueOrDefault(layer);
            calls[layer] = call + 1;
            for (int o = 0; o < step.Siblings.Length; o++) history[step.Siblings[o]] = (layer.Name, call, o);
            JsonNode[] args = step.Inputs.Select(i => (JsonNode)KerasTensor(i, history[i])).ToArray();
            ((JsonArray)entry["inbound_nodes"]!).Add((JsonNode)new JsonObject
            {
                ["args"] = new JsonArray(args.Length == 1 ? args[0] : new JsonArray(args)),
                ["kwargs"] = new JsonObject(),
            });
        }
        JsonArray References(IEnumerable<SymbolicTensor> tensors) => new(tensors.Select(t => (JsonNode)new JsonArray(history[t].Layer, history[t].Call, history[t].Output)).ToArray());
        var config = new JsonObject
        {
            ["name"] = model.Name,
            ["trainable"] = model.Trainable,
            ["layers"] = layers,
            ["input_layers"] = References(model.Inputs),
            ["output_layers"] = References(model.Outputs),
        };
        JsonObject wrapped = Wrap("keras", "Functional", config);
        wrapped["build_config"] = new JsonObject { ["input_shape"] = model.Inputs.Count == 1 ? Shape(model.Inputs[0].Dims) : new JsonArray(model.Inputs.Select(i => (JsonNode)Shape(i.Dims)).ToArray()) };
        return wrapped;
    }

    /// <summary>A layer's entry: its config in Keras's form, and the input shape it was built for.</summary>
    private static JsonObject LayerEntry(Layer layer)
    {
        if (layer is Model model) return ModelEntry(model);
        JsonObject config = ConfigValues.ToObject(layer.GetConfig());
        foreach (string key in config.Select(p => p.Key).ToArray())
        {
            if (key.EndsWith("_regularizer", StringComparison.Ordinal) && config[key] is JsonObject r) config[key] = Regularizer(r);
        }
        // A wrapper's layer (Bidirectional, TimeDistributed) is a Keras object too.
        if (layer is Bidirectional bidirectional) config["layer"] = LayerEntry(bidirectional.Forward);
        if (layer is TimeDistributed distributed) config["layer"] = LayerEntry(distributed.Inner);
        JsonObject entry = Wrap("keras.layers", layer.GetType().Name, config);
        if (layer.BuildInputShape is int[] shape) entry["build_config"] = new JsonObject { ["input_shape"] = Shape(shape) };
        return entry;
    }

    private static JsonObject InputLayer(int[] shape, DType dtype, string name) => Wrap("keras.layers", "InputLayer", new JsonObject
    {
        ["batch_shape"] = Shape(shape[0] < 0 && shape.Length > 0 ? shape : [-1, .. shape]),
        ["dtype"] = dtype.Name(),
        ["sparse"] = false,
        ["name"] = name,
    });

    /// <summary>Keras 3's symbolic argument: the shape, the dtype and where the tensor comes from.</summary>
    private static JsonObject KerasTensor(SymbolicTensor tensor, (string Layer, int Call, int Output) from) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new JsonObject
        {
            ["shape"] = Shape(tensor.Dims),
            ["dtype"] = tensor.DType.Name(),
            ["keras_history"] = new JsonArray(from.Layer, from.Call, from.Output),
        },
    };

    /// <summary>Strata's {"class_name": "l2", "config": {"l2": …}} as Keras's serialized L2 (L1, L1L2) object.</summary>
    private static JsonObject Regularizer(JsonObject r) => Wrap("keras.regularizers", ((string?)r["class_name"]) switch
    {
        "l1" => "L1",
        "l2" => "L2",
        _ => "L1L2",
    }, (JsonObject)(r["config"]?.DeepClone() ?? new JsonObject()));

    /// <summary>A shape with Keras's null for a size of any (the batch axis, a sequence's length).</summary>
    private static JsonArray Shape(IEnumerable<int> dims) => new(dims.Select(d => d < 0 ? null : (JsonNode)d).ToArray());

    private static JsonObject Wrap(string module, string className, JsonObject config) => new()
    {
        ["module"] = module,
        ["class_name"] = className,
        ["config"] = config,
        ["registered_name"] = null,
    };
}
