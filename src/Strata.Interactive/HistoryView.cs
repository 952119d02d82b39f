using System.Globalization;
using System.Text;
using Strata.Plotting;

namespace Strata.Interactive;

/// <summary>
/// A History in a notebook: the chart the book draws after each Fit (one per training metric, its
/// validation counterpart beside it), then every logged value by epoch.
/// </summary>
internal static class HistoryView
{
    // Two charts side by side fit a notebook column.
    private const int ChartWidth = 480, ChartHeight = 360;

    public static string Html(History history)
    {
        if (history.Epoch.Count == 0) return "<div class=\"strata-history\"><p>History: no epoch yet.</p></div>";
        var html = new StringBuilder("<div class=\"strata-history\">");
        html.Append($"<p>History: {history.Epoch.Count} epoch{(history.Epoch.Count == 1 ? "" : "s")}</p><div>");
        foreach (string metric in TrainingMetrics(history))
        {
            // A diverged run (NaN loss) has no chart to draw; its values still show in the table below.
            if (history[metric].Any(v => !double.IsFinite(v))) continue;
            html.Append(Interactive.Html.Image(history.ToPng(metric, width: ChartWidth, height: ChartHeight), $"{metric} by epoch"));
        }
        html.Append("</div>");
        string[] keys = [.. history.Values.Keys];
        html.Append(Interactive.Html.Table(["epoch", .. keys], Rows(history, keys), column => true));
        return html.Append("</div>").ToString();
    }

    public static string Text(History history)
    {
        string[] keys = [.. history.Values.Keys];
        var text = new StringBuilder($"History: {history.Epoch.Count} epoch{(history.Epoch.Count == 1 ? "" : "s")}\n");
        foreach (IReadOnlyList<string> row in Rows(history, keys))
        {
            text.Append($"Epoch {row[0]}: ");
            text.AppendJoin(" - ", keys.Select((key, k) => $"{key}: {row[k + 1]}"));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The keys that have a chart: every metric but the "val_" ones, which are drawn beside theirs.</summary>
    private static IEnumerable<string> TrainingMetrics(History history) =>
        history.Values.Keys.Where(k => !k.StartsWith(MetricNames.ValidationPrefix, StringComparison.Ordinal));

    // Epochs numbered from 1, as Fit's progress and the book's charts count them; values as Keras prints logs.
    private static IEnumerable<IReadOnlyList<string>> Rows(History history, string[] keys) =>
        history.Epoch.Select((epoch, i) => (IReadOnlyList<string>)
            [(epoch + 1).ToString(CultureInfo.InvariantCulture), .. keys.Select(k => Value(history[k], i))]);

    private static string Value(IReadOnlyList<double> values, int i) =>
        i < values.Count ? values[i].ToString("0.0000", CultureInfo.InvariantCulture) : "";
}
