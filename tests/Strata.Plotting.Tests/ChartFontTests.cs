namespace Strata.Plotting.Tests;

public class ChartFontTests
{
    [Fact]
    public void A_sans_font_with_latin_glyphs_is_found()
    {
        // Fails, with the apt-get line to run, on a machine with no fonts at all.
        string family = ChartFont.Family;

        Assert.DoesNotContain("Serif", family);
        Assert.True(ChartFont.Typeface.ContainsGlyphs("Training and validation loss"));
    }
}
