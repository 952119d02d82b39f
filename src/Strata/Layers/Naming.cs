using System.Text.RegularExpressions;

namespace Strata.Layers;

/// <summary>Keras's automatic names: the snake_case class name, then _1, _2, ... for later instances.</summary>
internal static partial class Naming
{
    private static readonly Dictionary<string, int> Counts = [];

    public static string Unique(string prefix)
    {
        lock (Counts)
        {
            Counts.TryGetValue(prefix, out int count);
            Counts[prefix] = count + 1;
            return count == 0 ? prefix : $"{prefix}_{count}";
        }
    }

    public static string SnakeCase(string name) =>
        CamelBoundary().Replace(LowerUpper().Replace(name, "$1_$2"), "$1_$2").ToLowerInvariant();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex LowerUpper();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();
}
