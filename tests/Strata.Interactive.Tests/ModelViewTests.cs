using Strata.Layers;

namespace Strata.Interactive.Tests;

public class ModelViewTests
{
    [Fact]
    public void The_book_network_shows_as_Keras_summary_table_with_its_totals()
    {
        // Chapter 2's network: Keras's summary reports 401,920 + 5,130 = 407,050 parameters (1.55 MB).
        var model = new Sequential([new Dense(512, activation: "relu"), new Dense(10, activation: "softmax")], name: "chapter2");
        model.Build(-1, 784);

        string html = NotebookViews.ToHtml(model);

        Assert.Contains("Model: \"chapter2\"", html);
        List<string[]> table = Assert.Single(HtmlPage.Tables(html));
        Assert.Equal(["Layer (type)", "Output Shape", "Param #"], table[0]);
        Assert.Equal(3, table.Count);
        Assert.Equal(["(None, 512)", "401,920"], table[1][1..]);
        Assert.Equal(["(None, 10)", "5,130"], table[2][1..]);
        Assert.EndsWith("(Dense)", table[1][0]);
        Assert.Contains("Total params: 407,050 (1.55 MB)", html);
        Assert.Contains("Trainable params: 407,050 (1.55 MB)", html);
        Assert.Contains("Non-trainable params: 0 (0.00 B)", html);
    }

    [Fact]
    public void A_branching_model_has_the_connected_to_column()
    {
        var a = new Input([4], name: "a");
        var b = new Input([4], name: "b");
        SymbolicTensor sum = new Add(name: "sum").Call([a, b]);
        var model = new Model([a, b], [new Dense(2, name: "head").Call(sum)]);

        List<string[]> table = Assert.Single(HtmlPage.Tables(NotebookViews.ToHtml(model)));
        Assert.Equal("Connected to", table[0][3]);
        string[] sumRow = table.Single(r => r[0] == "sum (Add)");
        Assert.Equal("a[0][0], b[0][0]", sumRow[3]);
        // The same rows the text summary prints.
        ModelSummary summary = model.GetSummary();
        Assert.Equal(summary.Rows.Select(r => summary.Cells(r).ToArray()), table.Skip(1));
    }
}
