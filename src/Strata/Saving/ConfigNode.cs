using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Saving;

/// <summary>
/// One object of a saved model's config.json, with its JSON path, read strictly: every field is checked
/// for its type and range before anything is built from it, and a bad one raises an
/// <see cref="InvalidDataException"/> naming the file, the path and what was expected.
/// </summary>
internal sealed class ConfigNode
{
    private readonly JsonObject _node;

    /// <param name="node">The JSON value; it must be an object.</param>
    /// <param name="source">The file, as errors name it.</param>
    /// <param name="path">Where this object is in the file, e.g. <c>config.layers[2].config</c>.</param>
    /// <param name="document">What the config is called in errors: Strata's and Keras 3's config.json, or a legacy .h5's model_config attribute.</param>
    public ConfigNode(JsonNode? node, string source, string path, string document = "config.json")
    {
        Source = source;
        Path = path;
        Document = document;
        _node = node as JsonObject ?? throw Invalid($"{path} must be a JSON object, got {Describe(node)}");
    }

    /// <summary>The file, as errors name it.</summary>
    public string Source { get; }

    public string Document { get; }

    /// <summary>Where this object is in the file, e.g. <c>config.layers[2].config</c>.</summary>
    public string Path { get; }

    /// <summary>The object itself, for custom layers' own readers.</summary>
    public JsonObject Json => _node;

    public InvalidDataException Invalid(string problem) => new($"{Source}: {Document} is invalid: {problem}.");

    public bool Has(string key) => _node[key] is not null;

    public ConfigNode Object(string key) => new(Required(key), Source, $"{Path}.{key}", Document);

    public IEnumerable<ConfigNode> Objects(string key) => Array(key).Select((item, i) => new ConfigNode(item, Source, $"{Path}.{key}[{i}]", Document));

    public string String(string key) => OptionalString(key) ?? throw Invalid($"{Path}.{key} is missing (a string)");

    public string? OptionalString(string key) => _node[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonNode other => throw Invalid($"{Path}.{key} must be a string, got {Describe(other)}"),
    };

    public bool Bool(string key, bool? fallback = null) => _node[key] switch
    {
        null when fallback is bool b => b,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw Invalid($"{Path}.{key} must be true or false, got {Describe(other)}"),
    };

    public int Int(string key, int min = int.MinValue, int max = int.MaxValue) =>
        OptionalInt(key, min, max) ?? throw Invalid($"{Path}.{key} is missing (an integer)");

    public int? OptionalInt(string key, int min = int.MinValue, int max = int.MaxValue) => _node[key] switch
    {
        null => null,
        JsonNode n => ToInt(n, $"{Path}.{key}", min, max),
    };

    public float Float(string key, float min = float.MinValue, float max = float.MaxValue)
    {
        JsonNode node = Required(key);
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && d >= min && d <= max
            ? (float)d
            : throw Invalid($"{Path}.{key} must be a number in [{min}, {max}], got {Describe(node)}");
    }

    /// <summary>An array of integers in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int[] Ints(string key, int min, int max = int.MaxValue) =>
        [.. Array(key).Select((item, i) => ToInt(item, $"{Path}.{key}[{i}]", min, max))];

    /// <summary>An array of strings, or null when the key is absent or null.</summary>
    public string[]? OptionalStrings(string key) => _node[key] is null ? null
        : [.. Array(key).Select((item, i) => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : throw Invalid($"{Path}.{key}[{i}] must be a string, got {Describe(item)}"))];

    /// <summary>An array of finite numbers, or null when the key is absent or null.</summary>
    public float[]? OptionalFloats(string key) => _node[key] is null ? null
        : [.. Array(key).Select((item, i) => item is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && double.IsFinite(d) ? (float)d
            : throw Invalid($"{Path}.{key}[{i}] must be a number, got {Describe(item)}"))];

    public JsonArray Array(string key) =>
        Required(key) as JsonArray ?? throw Invalid($"{Path}.{key} must be an array, got {Describe(_node[key])}");

    /// <summary>The array under <paramref name="key"/>, or null when the value is something else (a number given for a range).</summary>
    public JsonArray? ArrayOrNull(string key) => _node[key] as JsonArray;

    private JsonNode Required(string key) => _node[key] ?? throw Invalid($"{Path}.{key} is missing");

    private int ToInt(JsonNode? node, string path, int min, int max) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l) && l >= min && l <= max
            ? (int)l
            : throw Invalid($"{path} must be an integer in [{min}, {max}], got {Describe(node)}");

    /// <summary>A value for an error message, cut short.</summary>
    private static string Describe(JsonNode? node)
    {
        if (node is null) return "null";
        string text = node.ToJsonString();
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
