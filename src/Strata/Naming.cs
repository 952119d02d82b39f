using System.Text.RegularExpressions;

namespace Strata;

/// <summary>
/// Keras's object names: a class name in snake_case, made unique per process by a counter
/// (<c>adam</c>, <c>adam_1</c>, ...), as keras.src.utils.naming does.
/// </summary>
internal static partial class Naming
{
    private static readonly Dictionary<string, int> Counts = [];

    /// <summary>
    /// Keras's to_snake_case, rule for rule: "GlorotUniform" → "glorot_uniform", and also its
    /// quirks ("RMSprop" → "rm_sprop", "AdamW" → "adam_w"), so default names match Keras's.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        name = NonWord().Replace(name, "");
        name = WordStart().Replace(name, "$1_$2");
        return LowerUpper().Replace(name, "$1_$2").ToLowerInvariant();
    }

    /// <summary>The snake_case of <paramref name="className"/>, with "_n" added from its second use on.</summary>
    public static string AutoName(string className) => Unique(ToSnakeCase(className));

    /// <summary><paramref name="name"/> the first time, then name_1, name_2, ...</summary>
    public static string Unique(string name)
    {
        lock (Counts)
        {
            Counts.TryGetValue(name, out int count);
            Counts[name] = count + 1;
            return count == 0 ? name : $"{name}_{count}";
        }
    }

    [GeneratedRegex(@"\W+")]
    private static partial Regex NonWord();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex WordStart();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
