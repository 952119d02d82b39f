using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Strata.Saving;

/// <summary>
/// The values of a GetConfig dictionary as JSON, written by hand rather than by reflection so that saving works in
/// trimmed and Native AOT apps: numbers, strings, booleans, null, arrays and lists of them, and nested dictionaries.
/// Each value is a JsonElement, as after parsing, so a config copied in memory reads as one read from a file.
/// </summary>
internal static class ConfigValues
{
    public static JsonObject ToObject(IDictionary<string, object?> config) =>
        new(config.Select(entry => KeyValuePair.Create(entry.Key, ToNode(entry.Value, entry.Key))));

    public static JsonNode? ToNode(object? value, string key) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string text => Element(text, StrataJsonContext.Default.String),
        bool flag => Element(flag, StrataJsonContext.Default.Boolean),
        int number => Element(number, StrataJsonContext.Default.Int32),
        long number => Element(number, StrataJsonContext.Default.Int64),
        float number => Element(number, StrataJsonContext.Default.Single),
        double number => Element(number, StrataJsonContext.Default.Double),
        IDictionary dictionary => new JsonObject(dictionary.Keys.Cast<object>()
            .Select(k => KeyValuePair.Create(k.ToString()!, ToNode(dictionary[k], $"{key}.{k}")))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(item => ToNode(item, key)).ToArray()),
        _ => throw new NotSupportedException($"GetConfig: '{key}' is a {value.GetType().Name}; a config holds numbers, strings, booleans, null, and arrays, lists or dictionaries of them."),
    };

    /// <summary>A JSON value as parsed JSON holds it (a JsonElement), which every config reader reads alike.</summary>
    private static JsonValue Element<T>(T value, JsonTypeInfo<T> type) => JsonValue.Create(JsonSerializer.SerializeToElement(value, type))!;
}
