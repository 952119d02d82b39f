using System.Text;

namespace Strata.Callbacks;

/// <summary>
/// A line of text with optional ANSI styling (Keras's bold counts, green and white bar): keeps
/// the on-screen width apart from the escape codes, which take no room on a terminal.
/// </summary>
internal sealed class StyledText(bool ansi)
{
    private const string Reset = "\x1b[0m";
    private readonly StringBuilder _text = new();

    /// <summary>The number of characters the line takes on screen.</summary>
    public int Width { get; private set; }

    /// <summary>Appends <paramref name="text"/>, wrapped in <paramref name="style"/> and a reset when styling is on.</summary>
    public StyledText Append(string text, string? style = null)
    {
        if (ansi && style is not null) _text.Append(style).Append(text).Append(Reset);
        else _text.Append(text);
        Width += text.Length;
        return this;
    }

    public override string ToString() => _text.ToString();
}
