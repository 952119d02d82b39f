using Strata.Layers;

namespace Strata.Tests.Models;

public class SummaryTests
{
    [Fact]
    public void ChapterTwoNetworkHas407050Parameters()
    {
        var model = new Sequential(
        [
            new InputLayer([784]),
            new Dense(512, activation: "relu", name: "dense_a"),
            new Dense(10, activation: "softmax", name: "dense_b"),
        ], name: "mnist_mlp");
        var text = new StringWriter();
        model.Summary(text);
        string expected = string.Join('\n',
            "Model: \"mnist_mlp\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                        ┃ Output Shape                ┃          Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩",
            "│ dense_a (Dense)                     │ (None, 512)                 │          401,920 │",
            "├─────────────────────────────────────┼─────────────────────────────┼──────────────────┤",
            "│ dense_b (Dense)                     │ (None, 10)                  │            5,130 │",
            "└─────────────────────────────────────┴─────────────────────────────┴──────────────────┘",
            " Total params: 407,050 (1.55 MB)",
            " Trainable params: 407,050 (1.55 MB)",
            " Non-trainable params: 0 (0.00 B)",
            "");
        Assert.Equal(expected, text.ToString());
        Assert.Equal(407_050, model.CountParams());
    }

    [Fact]
    public void FunctionalModelWithTwoInputsShowsConnections()
    {
        var a = new Input([4], name: "in_a");
        var b = new Input([3], name: "in_b");
        SymbolicTensor joined = new Concatenate(name: "join").Call([a, b]);
        SymbolicTensor output = new Dense(2, name: "out").Call(joined);
        var model = new Model([a, b], [output], name: "two_inputs");
        var text = new StringWriter();
        model.Summary(text);
        string summary = text.ToString();
        Assert.Contains("Connected to", summary);
        Assert.Contains("in_a (InputLayer)", summary);
        Assert.Contains("join (Concatenate)", summary);
        Assert.Contains("in_a[0][0], in_b[0][0]", summary);
        Assert.Contains("(None, 7)", summary);
        Assert.Contains(" Total params: 16 (64.00 B)", summary);
    }

    [Theory]
    [InlineData(10000, new[] { 16, 16, 1 }, 160_305)]   // chapter 3, IMDB
    [InlineData(10000, new[] { 64, 64, 46 }, 647_214)]  // chapter 3, Reuters
    [InlineData(13, new[] { 64, 64, 1 }, 5_121)]        // chapter 3, Boston housing
    public void TheBooksOtherNetworksCountAsInKeras(int inputs, int[] units, int parameters)
    {
        var model = new Sequential([new InputLayer([inputs]), .. units.Select(u => (Layer)new Dense(u, activation: "relu"))]);
        Assert.Equal(parameters, model.CountParams());
        var text = new StringWriter();
        model.Summary(text);
        Assert.Contains($" Total params: {parameters:N0} (", text.ToString().Replace("\u00a0", " "));
    }
}
