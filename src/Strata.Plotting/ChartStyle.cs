using ScottPlot;

namespace Strata.Plotting;

/// <summary>
/// What every per-epoch chart shares: title and axis labels, a sans font, whole-number epoch
/// ticks, a legend where it hides least, and rendering to a PNG file.
/// </summary>
internal static class ChartStyle
{
    // Beyond this, Skia's surface allocation is the likely failure; below it, axes and labels
    // have no room left for data.
    private const int MinSide = 100;
    private const int MaxSide = 16384;

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        // Epochs are whole numbers: a tick at "2.5" would name an epoch that never ran.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    /// <summary>The x values of a per-epoch series: 1..n, as the book's range(1, len(loss) + 1).</summary>
    public static double[] Epochs(int count) => Enumerable.Range(1, count).Select(e => (double)e).ToArray();

    /// <summary>
    /// A NaN or infinite value (a diverged run) would silently stretch or break the axes, so it is
    /// reported with the series and epoch it came from.
    /// </summary>
    public static double[] CheckedValues(IReadOnlyList<double> values, string series, string operation)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException($"{operation}: the series '{series}' has no values; there is nothing to plot.");
        }
        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
            if (!double.IsFinite(copy[i]))
            {
                throw new ArgumentException($"{operation}: '{series}' is {copy[i]} at epoch {i + 1}; only finite values can be plotted (did training diverge?).");
            }
        }
        return copy;
    }

    public static void ShowLegend(Plot plot)
    {
        IEnumerable<Coordinates> points = plot.GetPlottables<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints());
        plot.ShowLegend(LegendPlacement.Best(points));
    }

    public static void CheckSize(int width, int height, string operation)
    {
        if (width < MinSide || height < MinSide || width > MaxSide || height > MaxSide)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{operation}: the image must be {MinSide} to {MaxSide} pixels on each side; got {width}x{height}.");
        }
    }

    public static void Save(Plot plot, string path, string operation, int width, int height) =>
        PngFile.Write(path, operation, Render(plot, width, height));

    public static byte[] Render(Plot plot, int width, int height)
    {
        // Last, so the title, labels and legend created above all take the font.
        plot.Font.Set(ChartFont.Family);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
