namespace Strata.Text;

/// <summary>TextVectorization's split modes and n-grams, as TensorFlow's string ops produce them.</summary>
internal static class Tokenization
{
    public static readonly string[] SplitModes = ["whitespace", "character"];

    /// <summary>
    /// "whitespace": the runs of text between ASCII whitespace (tf.strings.split: no empty tokens);
    /// "character": one token per Unicode code point (tf.strings.unicode_split); null: the whole text.
    /// </summary>
    public static List<string> Split(string text, string? mode)
    {
        var tokens = new List<string>();
        if (mode is null)
        {
            tokens.Add(text);
        }
        else if (mode == "character")
        {
            foreach (System.Text.Rune rune in text.EnumerateRunes()) tokens.Add(rune.ToString());
        }
        else
        {
            int start = -1;
            for (int i = 0; i <= text.Length; i++)
            {
                bool space = i == text.Length || text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
                if (!space && start < 0) start = i;
                else if (space && start >= 0)
                {
                    tokens.Add(text[start..i]);
                    start = -1;
                }
            }
        }
        return tokens;
    }

    /// <summary>tf.strings.ngrams: every run of w consecutive tokens joined by a space, all of the first width, then the next.</summary>
    public static List<string> NGrams(List<string> tokens, IReadOnlyList<int> widths)
    {
        var grams = new List<string>();
        foreach (int w in widths)
        {
            for (int i = 0; i + w <= tokens.Count; i++) grams.Add(w == 1 ? tokens[i] : string.Join(' ', tokens.GetRange(i, w)));
        }
        return grams;
    }
}
