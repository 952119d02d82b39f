using ScottPlot;
using ScottPlot.Plottables;
using Strata.Callbacks;

namespace Strata.Plotting.Tests;

public class HistoryPlotsTests
{
    private static double[] Xs(Scatter s) => s.Data.GetScatterPoints().Select(p => p.X).ToArray();

    private static double[] Ys(Scatter s) => s.Data.GetScatterPoints().Select(p => p.Y).ToArray();

    [Fact]
    public void Loss_chart_is_the_books_blue_dots_and_blue_line_against_epochs_from_one()
    {
        Plot plot = HistoryPlots.Build(Histories.Imdb(), "loss", title: null);

        Scatter[] series = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(2, series.Length);
        Scatter training = series[0], validation = series[1];

        Assert.Equal([1.0, 2, 3, 4, 5], Xs(training));
        Assert.Equal(Histories.Loss, Ys(training));
        Assert.Equal([1.0, 2, 3, 4, 5], Xs(validation));
        Assert.Equal(Histories.ValLoss, Ys(validation));

        // "bo": blue dots and no line; "b": a solid blue line and no markers.
        Assert.Equal(Colors.Blue, training.MarkerStyle.FillColor);
        Assert.Equal(0, training.LineWidth);
        Assert.True(training.MarkerSize > 0);
        Assert.Equal(Colors.Blue, validation.LineColor);
        Assert.True(validation.LineWidth > 0);
        Assert.Equal(0, validation.MarkerSize);
        Assert.Equal(LinePattern.Solid, validation.LinePattern);

        Assert.Equal("Training loss", training.LegendText);
        Assert.Equal("Validation loss", validation.LegendText);
        Assert.Equal("Training and validation loss", plot.Axes.Title.Label.Text);
        Assert.Equal("Epochs", plot.Axes.Bottom.Label.Text);
        Assert.Equal("Loss", plot.Axes.Left.Label.Text);
        Assert.True(plot.Legend.IsVisible);
    }

    [Fact]
    public void Accuracy_chart_takes_the_books_title_and_label()
    {
        Plot plot = HistoryPlots.Build(Histories.Imdb(), "accuracy", title: null);

        Scatter[] series = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(Histories.Accuracy, Ys(series[0]));
        Assert.Equal(Histories.ValAccuracy, Ys(series[1]));
        Assert.Equal("Training and validation accuracy", plot.Axes.Title.Label.Text);
        Assert.Equal("Accuracy", plot.Axes.Left.Label.Text);
        Assert.Equal("Validation accuracy", series[1].LegendText);
    }

    [Fact]
    public void Rising_accuracy_keeps_the_legend_off_its_end_and_falling_loss_off_its_start()
    {
        // Accuracy climbs to the upper right; loss falls from the upper left.
        Assert.NotEqual(Alignment.UpperRight, HistoryPlots.Build(Histories.Imdb(), "accuracy", null).Legend.Alignment);
        Assert.NotEqual(Alignment.UpperLeft, HistoryPlots.Build(Histories.Imdb(), "loss", null).Legend.Alignment);
    }

    [Fact]
    public void A_history_without_validation_draws_training_only_and_says_so()
    {
        History history = Histories.Of(("loss", [2.0, 1.0]), ("mae", [3.0, 2.5]));

        Plot plot = HistoryPlots.Build(history, "mae", title: null);

        Scatter only = Assert.Single(plot.GetPlottables<Scatter>());
        Assert.Equal([3.0, 2.5], Ys(only));
        Assert.Equal("Training MAE", plot.Axes.Title.Label.Text);
        Assert.Equal("MAE", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void A_given_title_replaces_the_default()
    {
        Plot plot = HistoryPlots.Build(Histories.Imdb(), "loss", title: "IMDB, 4 epochs");
        Assert.Equal("IMDB, 4 epochs", plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void ToPng_gives_the_bytes_Plot_writes()
    {
        using var temp = new TempFolder();
        History history = Histories.Imdb();
        history.Plot(temp.File("accuracy.png"), metric: "accuracy", width: 480, height: 360);
        Assert.Equal(File.ReadAllBytes(temp.File("accuracy.png")), history.ToPng("accuracy", width: 480, height: 360));
    }

    [Fact]
    public void Plot_writes_a_png_of_the_asked_size_creating_the_folder()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "figures", "nested", "loss.png");

        Histories.Imdb().Plot(path, width: 640, height: 480);

        Assert.Equal((640, 480), Png.AssertValid(path));
        Png.AssertNoTempFiles(temp.Path);
    }

    [Fact]
    public void Plot_defaults_to_800_by_600_and_replaces_an_old_file()
    {
        using var temp = new TempFolder();
        string path = temp.File("accuracy.png");
        File.WriteAllText(path, "an old chart");

        Histories.Imdb().Plot(path, metric: "accuracy");

        Assert.Equal((800, 600), Png.AssertValid(path));
        Png.AssertNoTempFiles(temp.Path);
    }

    [Fact]
    public void An_unknown_metric_names_the_recorded_keys()
    {
        var ex = Assert.Throws<ArgumentException>(() => HistoryPlots.Build(Histories.Imdb(), "acc", null));
        Assert.Contains("\"acc\"", ex.Message);
        Assert.Contains("loss, accuracy, val_loss, val_accuracy", ex.Message);
    }

    [Fact]
    public void A_validation_key_points_to_its_training_metric()
    {
        var ex = Assert.Throws<ArgumentException>(() => HistoryPlots.Build(Histories.Imdb(), "val_loss", null));
        Assert.Contains("\"loss\"", ex.Message);
    }

    [Fact]
    public void An_empty_history_is_an_error_and_writes_nothing()
    {
        using var temp = new TempFolder();
        string path = temp.File("loss.png");

        var ex = Assert.Throws<ArgumentException>(() => new History().Plot(path));

        Assert.Contains("empty", ex.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_diverged_value_is_reported_with_its_epoch()
    {
        History history = Histories.Of(("loss", [1.0, double.NaN, 0.5]));
        var ex = Assert.Throws<ArgumentException>(() => HistoryPlots.Build(history, "loss", null));
        Assert.Contains("epoch 2", ex.Message);
    }

    [Theory]
    [InlineData("loss.jpg")]
    [InlineData("loss")]
    [InlineData("")]
    public void A_path_that_is_not_a_png_is_refused_before_drawing(string name)
    {
        using var temp = new TempFolder();
        string path = name.Length == 0 ? "" : temp.File(name);

        Assert.Throws<ArgumentException>(() => Histories.Imdb().Plot(path));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_size_too_small_for_axes_is_refused()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => Histories.Imdb().Plot(temp.File("loss.png"), width: 0, height: 600));
    }
}
