using System.Text.RegularExpressions;
using Strata.Callbacks;
using Strata.Layers;

namespace Strata.Tests.Callbacks;

/// <summary>What Fit prints when its output is redirected: Keras's epoch header and one final bar line per epoch.</summary>
public class ProgressOutputTests
{
    [Fact]
    public void RedirectedFitPrintsOneLinePerEpoch()
    {
        var model = new Sequential([new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        Tensor x = Tensor.Uniform([10, 3], seed: 1), y = Tensor.FromArray(new long[] { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 });
        var output = new StringWriter();
        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 1, callbacks: [new ProgbarLogger(output)]);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Equal("Epoch 2/2", lines[2]);
        var bar = new Regex(@"^3/3 ━{20} \d+s \d+(s|ms|us)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$");
        Assert.Matches(bar, lines[1]);
        Assert.Matches(bar, lines[3]);
    }

    [Fact]
    public void VerboseZeroPrintsNothing()
    {
        var model = new Sequential([new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var output = new StringWriter();
        var silent = new ProgbarLogger(output);
        model.Fit(Tensor.Zeros(4, 2), Tensor.Zeros(4, 1), epochs: 2, verbose: 0, callbacks: [silent]);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void VerboseTwoPrintsOneSummaryLinePerEpoch()
    {
        var model = new Sequential([new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var output = new StringWriter();
        model.Fit(Tensor.Zeros(10, 2), Tensor.Zeros(10, 1), epochs: 2, batchSize: 4, verbose: 2, callbacks: [new ProgbarLogger(output)]);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(new Regex(@"^3/3 - \d+s - \d+(s|ms|us)/step - loss: \d\.\d{4}(e[+-]\d+)?$"), lines[1]);
    }
}
