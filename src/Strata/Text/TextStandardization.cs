using System.Text;

namespace Strata.Text;

/// <summary>
/// TextVectorization's standardize modes, as TensorFlow applies them: "lower" lowercases ASCII letters only
/// (tf.strings.lower's default encoding), "strip_punctuation" removes the ASCII punctuation
/// <c>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c> (Keras's regex), "lower_and_strip_punctuation" does both.
/// </summary>
internal static class TextStandardization
{
    public static readonly string[] Modes = ["lower_and_strip_punctuation", "lower", "strip_punctuation"];

    public static string Apply(string text, string? mode)
    {
        if (mode is null) return text;
        bool lower = mode is "lower" or "lower_and_strip_punctuation", strip = mode is "strip_punctuation" or "lower_and_strip_punctuation";
        var result = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (strip && IsAsciiPunctuation(c)) continue;
            result.Append(lower && char.IsAsciiLetterUpper(c) ? (char)(c + ('a' - 'A')) : c);
        }
        return result.ToString();
    }

    /// <summary>The printable ASCII characters that are neither letters, digits nor space: Python's string.punctuation.</summary>
    private static bool IsAsciiPunctuation(char c) => c is > ' ' and <= '~' && !char.IsAsciiLetterOrDigit(c);
}
