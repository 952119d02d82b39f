using SkiaSharp;

namespace Strata.Plotting;

/// <summary>
/// Chooses the font every chart and caption is drawn with. The Skia build used here (no
/// fontconfig) finds fonts by scanning /usr/share/fonts, and left to itself ScottPlot takes the
/// first family it sees, often a serif; the book's figures are matplotlib's DejaVu Sans, so a
/// sans family is looked for by name first. With no font at all Skia draws text as nothing,
/// which would be a chart without title or labels: that is an error with the fix in it instead.
/// </summary>
internal static class ChartFont
{
    // matplotlib's default first, then the sans families common on Linux, macOS and Windows.
    private static readonly string[] Preferred =
    [
        "DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans", "Arial", "Helvetica", "Segoe UI",
    ];

    private static readonly Lazy<string> Resolved = new(Resolve);

    /// <summary>The family name to give ScottPlot and Skia.</summary>
    public static string Family => Resolved.Value;

    public static SKTypeface Typeface => ScottPlot.Fonts.GetTypeface(Family, bold: false, italic: false);

    private static string Resolve()
    {
        var installed = new HashSet<string>(SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        string? family = Preferred.FirstOrDefault(installed.Contains) ?? installed.Order(StringComparer.Ordinal).FirstOrDefault();
        SKTypeface? typeface = family is null ? null : ScottPlot.Fonts.GetTypeface(family, bold: false, italic: false);
        if (family is null || typeface is null || typeface.GlyphCount == 0 || !typeface.ContainsGlyphs("Epochs 0123456789"))
        {
            throw new InvalidOperationException(
                "Strata.Plotting: no usable font is installed, so charts would have no text. " +
                "On Debian or Ubuntu run `apt-get install fonts-dejavu-core` (any TrueType font under /usr/share/fonts works).");
        }
        return family;
    }
}
