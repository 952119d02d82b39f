using ScottPlot;

namespace Strata.Plotting;

/// <summary>
/// Per-epoch line charts of any series, such as the book's Boston housing figure:
/// <c>Charts.Line("mae.png", "Validation MAE by epoch", "Epochs", "Validation MAE", ("MAE", averageMae))</c>.
/// </summary>
public static class Charts
{
    private const string Operation = "Charts.Line";
    private const int Width = 800;
    private const int Height = 600;

    /// <summary>
    /// Draws each series as a line against epochs 1..n (its own n) and writes a PNG to
    /// <paramref name="path"/>, creating its folder and replacing any old file atomically. A legend
    /// names the series when there is more than one.
    /// </summary>
    public static void Line(string path, string title, string xLabel, string yLabel, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        PngFile.Validate(path, Operation);
        ScottPlot.Plot plot = BuildLine(title, xLabel, yLabel, series);
        ChartStyle.Save(plot, path, Operation, Width, Height);
    }

    /// <summary>The chart, ready to render: tests read its series here.</summary>
    internal static ScottPlot.Plot BuildLine(string title, string xLabel, string yLabel, (string Name, IReadOnlyList<double> Values)[] series)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0)
        {
            throw new ArgumentException($"{Operation}: no series given; pass at least one (name, values) pair.", nameof(series));
        }

        var plot = ChartStyle.NewPlot(title, xLabel, yLabel);
        foreach ((string name, IReadOnlyList<double> values) in series)
        {
            if (values is null) throw new ArgumentException($"{Operation}: the series '{name}' is null.", nameof(series));
            double[] ys = ChartStyle.CheckedValues(values, name, Operation);
            // Colours come from the palette (matplotlib's tab10, as the book's plt.plot cycles).
            var line = plot.Add.ScatterLine(ChartStyle.Epochs(ys.Length), ys);
            line.LineWidth = 2;
            line.LegendText = name ?? "";
        }
        // One series needs no legend: the y label already names it, as in the book's MAE figure.
        if (series.Length > 1) ChartStyle.ShowLegend(plot);
        else plot.HideLegend();
        return plot;
    }
}
