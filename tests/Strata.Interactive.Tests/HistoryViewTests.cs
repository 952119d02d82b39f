using SkiaSharp;

namespace Strata.Interactive.Tests;

public class HistoryViewTests
{
    private static History Of(params (string Key, double[] Values)[] series)
    {
        var history = new History();
        for (int epoch = 0; epoch < series[0].Values.Length; epoch++)
        {
            history.OnEpochEnd(epoch, series.ToDictionary(s => s.Key, s => s.Values[epoch]));
        }
        return history;
    }

    private static History Imdb() => Of(
        ("loss", [0.52, 0.31, 0.23]), ("accuracy", [0.79, 0.90, 0.92]),
        ("val_loss", [0.38, 0.30, 0.28]), ("val_accuracy", [0.86, 0.88, 0.89]));

    [Fact]
    public void The_history_shows_one_chart_per_training_metric_and_every_value_by_epoch()
    {
        string html = NotebookViews.ToHtml(Imdb());

        Assert.Contains("History: 3 epochs", html);
        List<SKBitmap> charts = HtmlPage.Images(html);
        Assert.Equal(2, charts.Count); // loss (with val_loss), accuracy (with val_accuracy)
        Assert.All(charts, c => Assert.Equal((480, 360), (c.Width, c.Height)));
        Assert.Contains("alt=\"loss by epoch\"", html);
        Assert.Contains("alt=\"accuracy by epoch\"", html);

        List<string[]> table = Assert.Single(HtmlPage.Tables(html));
        Assert.Equal(["epoch", "loss", "accuracy", "val_loss", "val_accuracy"], table[0]);
        Assert.Equal(["1", "0.5200", "0.7900", "0.3800", "0.8600"], table[1]);
        Assert.Equal(["3", "0.2300", "0.9200", "0.2800", "0.8900"], table[3]);
        charts.ForEach(c => c.Dispose());
    }

    [Fact]
    public void The_chart_is_the_one_Plotting_draws()
    {
        History history = Imdb();
        string html = NotebookViews.ToHtml(history);
        string expected = Convert.ToBase64String(Strata.Plotting.HistoryPlots.ToPng(history, "loss", width: 480, height: 360));
        Assert.Contains(expected, html);
    }

    [Fact]
    public void A_diverged_metric_has_no_chart_but_its_values_are_listed()
    {
        string html = NotebookViews.ToHtml(Of(("loss", [0.5, double.NaN]), ("mae", [1.0, 0.9])));
        Assert.Single(HtmlPage.Images(html));
        Assert.Contains("alt=\"mae by epoch\"", html);
        Assert.Equal(["2", "NaN", "0.9000"], HtmlPage.Tables(html)[0][2]);
    }

    [Fact]
    public void An_empty_history_says_so()
    {
        string html = NotebookViews.ToHtml(new History());
        Assert.Contains("no epoch yet", html);
        Assert.Empty(HtmlPage.Images(html));
    }

    [Fact]
    public void As_text_each_epoch_is_a_line_of_its_logs()
    {
        Assert.Equal(
            "History: 3 epochs\n" +
            "Epoch 1: loss: 0.5200 - accuracy: 0.7900 - val_loss: 0.3800 - val_accuracy: 0.8600\n" +
            "Epoch 2: loss: 0.3100 - accuracy: 0.9000 - val_loss: 0.3000 - val_accuracy: 0.8800\n" +
            "Epoch 3: loss: 0.2300 - accuracy: 0.9200 - val_loss: 0.2800 - val_accuracy: 0.8900\n",
            NotebookViews.ToText(Imdb()));
    }
}
