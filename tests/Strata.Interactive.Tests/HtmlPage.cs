using System.Net;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace Strata.Interactive.Tests;

/// <summary>Reads what a browser would from a view's HTML: its inline images, tables and text.</summary>
internal static partial class HtmlPage
{
    /// <summary>Every inline PNG, decoded.</summary>
    public static List<SKBitmap> Images(string html) =>
        [.. ImageSource().Matches(html).Select(m =>
        {
            SKBitmap? bitmap = SKBitmap.Decode(Convert.FromBase64String(m.Groups[1].Value));
            Assert.NotNull(bitmap);
            return bitmap;
        })];

    /// <summary>Each table as rows of cell texts (header row first), entities decoded.</summary>
    public static List<List<string[]>> Tables(string html) =>
        [.. TableElement().Matches(html).Select(t => Row().Matches(t.Value)
            .Select(r => Cell().Matches(r.Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .ToList())];

    /// <summary>The text of the first &lt;pre&gt;, decoded.</summary>
    public static string? Preformatted(string html)
    {
        Match m = Pre().Match(html);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("<table>.*?</table>", RegexOptions.Singleline)]
    private static partial Regex TableElement();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<pre>(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Pre();
}
