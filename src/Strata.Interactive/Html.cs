using System.Net;
using System.Text;

namespace Strata.Interactive;

/// <summary>The few HTML pieces every view uses: escaped text, inline PNG images, tables.</summary>
internal static class Html
{
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An image carried in the page itself (a data URI), as notebooks store cell outputs.</summary>
    public static string Image(byte[] png, string alt) =>
        $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"{Encode(alt)}\" />";

    public static string Preformatted(string text) => $"<pre>{Encode(text)}</pre>";

    /// <summary>A table with a header row; <paramref name="rightAligned"/> marks the numeric columns.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, Func<int, bool> rightAligned)
    {
        var html = new StringBuilder("<table>");
        html.Append("<thead><tr>");
        for (int c = 0; c < header.Count; c++) html.Append(Cell("th", header[c], rightAligned(c)));
        html.Append("</tr></thead><tbody>");
        foreach (IReadOnlyList<string> row in rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < row.Count; c++) html.Append(Cell("td", row[c], rightAligned(c)));
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Cell(string tag, string text, bool right) =>
        right ? $"<{tag} style=\"text-align:right\">{Encode(text)}</{tag}>" : $"<{tag}>{Encode(text)}</{tag}>";
}
