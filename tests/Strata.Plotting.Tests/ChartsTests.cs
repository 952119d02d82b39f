using ScottPlot;
using ScottPlot.Plottables;

namespace Strata.Plotting.Tests;

public class ChartsTests
{
    private static readonly double[] Mae = [4.1, 3.2, 2.9, 2.7, 2.6, 2.6];

    [Fact]
    public void One_series_is_a_line_against_epochs_from_one_with_the_books_labels_and_no_legend()
    {
        Plot plot = Charts.BuildLine("Validation MAE by epoch", "Epochs", "Validation MAE", [("MAE", Mae)]);

        Scatter line = Assert.Single(plot.GetPlottables<Scatter>());
        Assert.Equal([1.0, 2, 3, 4, 5, 6], line.Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(Mae, line.Data.GetScatterPoints().Select(p => p.Y));
        Assert.True(line.LineWidth > 0);
        Assert.Equal(0, line.MarkerSize);
        Assert.Equal("Validation MAE by epoch", plot.Axes.Title.Label.Text);
        Assert.Equal("Epochs", plot.Axes.Bottom.Label.Text);
        Assert.Equal("Validation MAE", plot.Axes.Left.Label.Text);
        Assert.False(plot.Legend.IsVisible);
    }

    [Fact]
    public void Several_series_each_keep_their_length_and_name_and_get_a_legend()
    {
        Plot plot = Charts.BuildLine("t", "Epochs", "MAE", [("all", Mae), ("after 2", Mae[2..])]);

        Scatter[] lines = plot.GetPlottables<Scatter>().ToArray();
        Assert.Equal(["all", "after 2"], lines.Select(l => l.LegendText));
        Assert.Equal([1.0, 2, 3, 4], lines[1].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(Mae[2..], lines[1].Data.GetScatterPoints().Select(p => p.Y));
        Assert.NotEqual(lines[0].LineColor, lines[1].LineColor);
        Assert.True(plot.Legend.IsVisible);
    }

    [Fact]
    public void Line_writes_an_800_by_600_png()
    {
        using var temp = new TempFolder();
        string path = temp.File("boston/mae.png");

        Charts.Line(path, "Validation MAE by epoch", "Epochs", "Validation MAE", ("MAE", Mae));

        Assert.Equal((800, 600), Png.AssertValid(path));
        Png.AssertNoTempFiles(temp.Path);
    }

    [Fact]
    public void No_series_or_an_empty_one_is_an_error()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => Charts.Line(temp.File("a.png"), "t", "x", "y"));
        var ex = Assert.Throws<ArgumentException>(() => Charts.Line(temp.File("a.png"), "t", "x", "y", ("empty", Array.Empty<double>())));
        Assert.Contains("'empty'", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void An_infinite_value_is_an_error_naming_series_and_epoch()
    {
        var ex = Assert.Throws<ArgumentException>(() => Charts.BuildLine("t", "x", "y", [("mae", [1.0, 2.0, double.PositiveInfinity])]));
        Assert.Contains("'mae'", ex.Message);
        Assert.Contains("epoch 3", ex.Message);
    }
}
