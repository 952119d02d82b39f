using System.Text;

namespace Strata.Interactive;

/// <summary>Keras's summary table as HTML: the same rows and totals as <c>model.Summary()</c> prints.</summary>
internal static class ModelView
{
    public static string Html(ModelSummary summary)
    {
        IEnumerable<IReadOnlyList<string>> rows = summary.Rows.Select(summary.Cells);
        var html = new StringBuilder("<div class=\"strata-model\">");
        html.Append($"<p><b>Model: \"{Interactive.Html.Encode(summary.ModelName)}\"</b></p>");
        html.Append(Interactive.Html.Table(summary.Columns, rows, column => column == 2));
        html.Append("<p>");
        html.Append($"Total params: {ModelSummary.FormatCount(summary.TotalParams)}<br/>");
        html.Append($"Trainable params: {ModelSummary.FormatCount(summary.TrainableParams)}<br/>");
        html.Append($"Non-trainable params: {ModelSummary.FormatCount(summary.NonTrainableParams)}");
        return html.Append("</p></div>").ToString();
    }
}
