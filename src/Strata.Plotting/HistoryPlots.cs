using ScottPlot;
using Strata.Callbacks;

namespace Strata.Plotting;

/// <summary>
/// The book's after-training charts in one call: <c>history.Plot("loss.png")</c> draws training
/// loss as blue dots ("bo") and validation loss as a solid blue line ("b") against epochs 1..n,
/// titled "Training and validation loss", with "Epochs" and "Loss" on the axes and a legend.
/// </summary>
public static class HistoryPlots
{
    private const string Operation = "History.Plot";

    // matplotlib's "b": pure blue, not the default colour cycle's softer tab:blue.
    private static readonly Color BookBlue = Colors.Blue;

    /// <summary>
    /// Plots <paramref name="metric"/> and "val_" + metric (when recorded) against epochs and writes a
    /// PNG to <paramref name="path"/>, creating its folder and replacing any old file atomically.
    /// </summary>
    /// <param name="history">The History that <c>Fit</c> returned, with at least one epoch.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="metric">A training key of the history: "loss", "accuracy", "mae", ...</param>
    /// <param name="title">Defaults to the book's, e.g. "Training and validation accuracy".</param>
    /// <param name="width">The image width in pixels, 100 to 16384.</param>
    /// <param name="height">The image height in pixels, 100 to 16384.</param>
    public static void Plot(this History history, string path, string metric = "loss", string? title = null, int width = 800, int height = 600)
    {
        PngFile.Validate(path, Operation);
        PngFile.Write(path, Operation, ToPng(history, metric, title, width, height));
    }

    /// <summary>
    /// The same chart as <see cref="Plot"/>, as PNG bytes instead of a file: for a notebook cell or a web page.
    /// </summary>
    /// <param name="history">The History that <c>Fit</c> returned, with at least one epoch.</param>
    /// <param name="metric">A training key of the history: "loss", "accuracy", "mae", ...</param>
    /// <param name="title">Defaults to the book's, e.g. "Training and validation accuracy".</param>
    /// <param name="width">The image width in pixels, 100 to 16384.</param>
    /// <param name="height">The image height in pixels, 100 to 16384.</param>
    public static byte[] ToPng(this History history, string metric = "loss", string? title = null, int width = 800, int height = 600)
    {
        ChartStyle.CheckSize(width, height, Operation);
        return ChartStyle.Render(Build(history, metric, title), width, height);
    }

    /// <summary>The chart, ready to render: tests read its series here.</summary>
    internal static ScottPlot.Plot Build(History history, string metric, string? title)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(metric);
        IReadOnlyDictionary<string, IReadOnlyList<double>> values = history.Values;
        if (values.Count == 0 || history.Epoch.Count == 0)
        {
            throw new ArgumentException($"{Operation}: the history is empty; plot the History that model.Fit returns, after at least one epoch.", nameof(history));
        }
        string recorded = string.Join(", ", values.Keys);
        if (metric.StartsWith(MetricNames.ValidationPrefix, StringComparison.Ordinal))
        {
            string training = metric[MetricNames.ValidationPrefix.Length..];
            throw new ArgumentException($"{Operation}: pass the training metric \"{training}\"; its \"{metric}\" is drawn beside it. Recorded: {recorded}.", nameof(metric));
        }
        if (!values.TryGetValue(metric, out IReadOnlyList<double>? trainingValues))
        {
            throw new ArgumentException($"{Operation}: the history has no \"{metric}\". Recorded: {recorded}.", nameof(metric));
        }
        values.TryGetValue(MetricNames.ValidationPrefix + metric, out IReadOnlyList<double>? validationValues);

        var plot = ChartStyle.NewPlot(title ?? MetricNames.Title(metric, validationValues is not null), "Epochs", MetricNames.AxisLabel(metric));

        double[] train = ChartStyle.CheckedValues(trainingValues, metric, Operation);
        var dots = plot.Add.ScatterPoints(ChartStyle.Epochs(train.Length), train, BookBlue);
        dots.MarkerShape = MarkerShape.FilledCircle;
        dots.MarkerSize = 7;
        dots.LegendText = MetricNames.TrainingLegend(metric);

        if (validationValues is not null)
        {
            double[] validation = ChartStyle.CheckedValues(validationValues, MetricNames.ValidationPrefix + metric, Operation);
            var line = plot.Add.ScatterLine(ChartStyle.Epochs(validation.Length), validation, BookBlue);
            line.LineWidth = 2;
            line.LegendText = MetricNames.ValidationLegend(metric);
        }

        ChartStyle.ShowLegend(plot);
        return plot;
    }
}
