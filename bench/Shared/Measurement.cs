using System.Globalization;
using System.Text.Json;

namespace Strata.Bench.Shared;

/// <summary>
/// One measured figure, written by a worker process (Strata's or the TorchSharp peer's) as one JSON line on
/// stdout, so the compare runner can read results from either side the same way. Source-shared by
/// bench/Strata.Bench and bench/Peers (linked, not referenced, so the peer never loads Strata to report).
/// </summary>
public sealed record Measurement(string Side, string Metric, double Value, string Unit)
{
    /// <summary>Every line a worker prints that starts with this is a result; the rest is diagnostics.</summary>
    public const string Prefix = "{\"side\"";

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["side"] = Side,
        ["metric"] = Metric,
        ["value"] = Value,
        ["unit"] = Unit,
    });

    public static Measurement? TryParse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement root = doc.RootElement;
        return new Measurement(root.GetProperty("side").GetString()!, root.GetProperty("metric").GetString()!,
            root.GetProperty("value").GetDouble(), root.GetProperty("unit").GetString()!);
    }

    public void Print()
    {
        Console.WriteLine(ToJson());
        Console.Out.Flush();
    }

    public override string ToString() => $"{Side} {Metric} = {Value.ToString("G6", CultureInfo.InvariantCulture)} {Unit}";
}
