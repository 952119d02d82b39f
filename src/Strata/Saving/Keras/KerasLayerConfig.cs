using System.Text.Json.Nodes;
using Strata.Initializers;

namespace Strata.Saving.Keras;

/// <summary>
/// A layer's config as Keras writes it (Keras 2's tf.keras and Keras 3's), rewritten into the config Strata's
/// layers are rebuilt from: initializers and regularizers as Keras objects become Strata's names, Keras 3's
/// dtype policies and the arguments that only matter to Keras's own runtime are dropped, and arguments Strata
/// cannot honour (channels_first, a stateful RNN, normalization over another axis) are refused by name.
/// </summary>
internal static class KerasLayerConfig
{
    /// <summary>Arguments that change nothing Strata computes (Keras's runtime and bookkeeping).</summary>
    private static readonly string[] Ignored =
        ["dtype", "batch_input_shape", "input_length", "implementation", "unroll", "time_major", "renorm", "renorm_clipping", "renorm_momentum",
         "fused", "virtual_batch_size", "adjustment", "synchronized", "lora_rank", "lora_alpha", "quantization_config", "sparse", "ragged"];

    /// <summary>
    /// The Strata layer entry {"class_name", "config"} for a Keras layer entry; <paramref name="keras2"/> for files
    /// written by Keras 2, whose "hard_sigmoid" is clip(0.2x + 0.5, 0, 1) rather than Keras 3's relu6(x + 3) / 6.
    /// </summary>
    public static JsonObject Normalize(JsonObject entry, ConfigNode where, bool keras2)
    {
        string className = where.String("class_name");
        var config = (JsonObject)(entry["config"]?.DeepClone() ?? throw where.Invalid($"{where.Path}.config is missing"));
        foreach (string key in Ignored)
        {
            if (className != "InputLayer" || key != "dtype") config.Remove(key);
        }
        foreach (string key in config.Select(p => p.Key).ToArray())
        {
            if (key.EndsWith("_initializer", StringComparison.Ordinal)) Initializer(config, key);
            else if (key.EndsWith("_regularizer", StringComparison.Ordinal)) Regularizer(config, key, where);
            else if (key.EndsWith("_constraint", StringComparison.Ordinal)) Constraint(config, key, where);
        }
        if (config["data_format"] is JsonValue format && format.GetValue<string>() != "channels_last")
        {
            throw Unsupported(where, $"data_format \"{format}\" (Strata's layers are channels_last)");
        }
        config.Remove("data_format");
        if (config["activity_regularizer"] is not null) throw Unsupported(where, "an activity_regularizer");
        config.Remove("activity_regularizer");
        switch (className)
        {
            case "ReLU" or "Softmax":
                return ActivationLayer(className, config, where);
            case "MaxPooling2D" or "AveragePooling2D" or "MaxPooling1D" or "AveragePooling1D":
                if (config["strides"] is null) config["strides"] = config["pool_size"]?.DeepClone(); // Keras: strides default to the pool size
                break;
            case "BatchNormalization" or "LayerNormalization":
                LastAxis(config, where, className);
                break;
            case "LSTM" or "GRU" or "SimpleRNN":
                if (config["stateful"] is JsonValue stateful && stateful.GetValue<bool>()) throw Unsupported(where, "stateful: true");
                config.Remove("stateful");
                foreach (string key in new[] { "activation", "recurrent_activation" })
                {
                    if (keras2 && (string?)config[key] == "hard_sigmoid") config[key] = "hard_sigmoid_keras2";
                }
                break;
            case "Bidirectional" or "TimeDistributed":
                config["layer"] = Normalize((JsonObject)(config["layer"] ?? throw where.Invalid($"{where.Path}.config.layer is missing")), where.Object("config").Object("layer"), keras2);
                config.Remove("backward_layer"); // Keras writes the backward copy too; Strata makes it from the forward one
                break;
            case "InputLayer":
                return new JsonObject { ["class_name"] = className, ["config"] = config };
        }
        return new JsonObject { ["class_name"] = className, ["config"] = config };
    }

    /// <summary>Keras's ReLU and Softmax layers in their plain forms are Activation layers.</summary>
    private static JsonObject ActivationLayer(string className, JsonObject config, ConfigNode where)
    {
        bool plain = className == "ReLU"
            ? config["max_value"] is null && (double?)config["negative_slope"] is null or 0.0 && (double?)config["threshold"] is null or 0.0
            : config["axis"] is null || (int?)(config["axis"] as JsonValue) == -1;
        if (!plain) throw Unsupported(where, $"{className} with {config.ToJsonString()} (only its plain form, as an Activation)");
        return new JsonObject
        {
            ["class_name"] = "Activation",
            ["config"] = new JsonObject { ["name"] = config["name"]?.DeepClone(), ["trainable"] = config["trainable"]?.DeepClone(), ["activation"] = className.ToLowerInvariant() },
        };
    }

    /// <summary>The sample shape and dtype of a Keras InputLayer (Keras 3's batch_shape, Keras 2's batch_input_shape; null for a size of any).</summary>
    public static (int[] Shape, DType DType) Input(ConfigNode c)
    {
        JsonArray dims = c.Json["batch_shape"] as JsonArray ?? c.Json["batch_input_shape"] as JsonArray
            ?? throw c.Invalid($"{c.Path} has neither batch_shape nor batch_input_shape");
        int[] shape = dims.Skip(1).Select(d => d is null ? -1 : (int)d).ToArray();
        string dtype = (c.Json["dtype"] as JsonValue)?.GetValue<string>() ?? "float32";
        DType type = dtype switch
        {
            "float32" or "float16" or "float64" or "bfloat16" => DType.Float32,
            "int32" or "int16" or "int8" or "uint16" => DType.Int32, // token indices and labels: int32 holds every value of these
            "int64" or "uint32" => DType.Int64,
            "uint8" => DType.UInt8,
            "bool" => DType.Bool,
            "string" => DType.String,
            _ => throw c.Invalid($"{c.Path}.dtype \"{dtype}\" is not a dtype Strata knows"),
        };
        return (shape, type);
    }

    /// <summary>
    /// An initializer object ({"class_name": "GlorotUniform", "config": {...}}) becomes its name. A loaded layer's
    /// weights come from the file, so only the kind matters (for a later re-initialization); one Strata does not
    /// know leaves the layer's default, since it never draws the loaded values.
    /// </summary>
    private static void Initializer(JsonObject config, string key)
    {
        string? name = config[key] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonObject o => VarianceScalingName(o) ?? (o["class_name"] as JsonValue)?.GetValue<string>(),
            _ => null,
        };
        try
        {
            if (name is not null) _ = Initializers.Initializer.Get(name);
            config[key] = name;
        }
        catch (ArgumentException)
        {
            config.Remove(key);
        }
        if (config[key] is null) config.Remove(key);
    }

    /// <summary>Keras 2 sometimes writes Glorot and He as VarianceScaling with their settings.</summary>
    private static string? VarianceScalingName(JsonObject o)
    {
        if ((o["class_name"] as JsonValue)?.GetValue<string>() != "VarianceScaling" || o["config"] is not JsonObject c) return null;
        double scale = (double?)c["scale"] ?? 1.0;
        string mode = (string?)c["mode"] ?? "fan_in", distribution = (string?)c["distribution"] ?? "truncated_normal";
        string kind = distribution == "uniform" ? "uniform" : "normal";
        return (scale, mode) switch
        {
            (1.0, "fan_avg") => $"glorot_{kind}",
            (2.0, "fan_in") => $"he_{kind}",
            (1.0, "fan_in") => $"lecun_{kind}",
            _ => null,
        };
    }

    /// <summary>Keras's L1/L2/L1L2 objects become Strata's {"class_name": "l1" | "l2" | "l1_l2"}.</summary>
    private static void Regularizer(JsonObject config, string key, ConfigNode where)
    {
        if (config[key] is not JsonObject r)
        {
            config.Remove(key);
            return;
        }
        string name = ((r["class_name"] as JsonValue)?.GetValue<string>() ?? "").ToLowerInvariant();
        JsonObject values = r["config"] as JsonObject ?? [];
        double l1 = (double?)values["l1"] ?? 0, l2 = (double?)values["l2"] ?? 0; // doubles: the registry reads numbers as parsed JSON's
        config[key] = name switch
        {
            "l1" => Penalty("l1", l1, 0),
            "l2" => Penalty("l2", 0, l2),
            "l1l2" or "l1_l2" => l1 == 0 ? Penalty("l2", 0, l2) : l2 == 0 ? Penalty("l1", l1, 0) : Penalty("l1_l2", l1, l2),
            _ => throw Unsupported(where, $"the regularizer '{r["class_name"]}' in {key}"),
        };
    }

    private static JsonObject Penalty(string name, double l1, double l2) => new()
    {
        ["class_name"] = name,
        ["config"] = name switch { "l1" => new JsonObject { ["l1"] = l1 }, "l2" => new JsonObject { ["l2"] = l2 }, _ => new JsonObject { ["l1"] = l1, ["l2"] = l2 } },
    };

    /// <summary>Constraints only act while training; Strata has none, so a file that uses one says so rather than train differently.</summary>
    private static void Constraint(JsonObject config, string key, ConfigNode where)
    {
        if (config[key] is not null) throw Unsupported(where, $"a {key} (weight constraints are not supported)");
        config.Remove(key);
    }

    /// <summary>Strata normalizes over the last axis only: Keras's axis -1 (or the last axis by number, [3] for images).</summary>
    private static void LastAxis(JsonObject config, ConfigNode where, string className)
    {
        JsonNode? axis = config["axis"];
        int[] axes = axis switch
        {
            null => [-1],
            JsonArray list => list.Select(a => (int)a!).ToArray(),
            _ => [(int)axis],
        };
        int? rank = BuildRank(where);
        if (!(axes.Length == 1 && (axes[0] == -1 || (rank is int r && axes[0] == r - 1))))
        {
            throw Unsupported(where, $"{className} over axis {axis!.ToJsonString()} (Strata normalizes the last axis)");
        }
        config.Remove("axis");
    }

    /// <summary>The rank of the input the layer was built for, when the file says (Keras 3's build_config).</summary>
    private static int? BuildRank(ConfigNode where) =>
        where.Json["build_config"] is JsonObject build && build["input_shape"] is JsonArray shape ? shape.Count : null;

    public static NotSupportedException Unsupported(ConfigNode where, string what) =>
        new($"{where.Source}: layer '{(string?)where.Json["config"]?["name"] ?? (string?)where.Json["name"]}' ({(string?)where.Json["class_name"]}) uses {what}, which Strata does not support.");
}
