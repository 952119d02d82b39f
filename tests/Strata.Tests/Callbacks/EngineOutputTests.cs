using Strata.Callbacks;
using Strata.Layers;

namespace Strata.Tests.Callbacks;

[CollectionDefinition("Engine.Output", DisableParallelization = true)]
public sealed class EngineOutputCollection;

/// <summary>
/// Everything Strata prints goes to <see cref="Engine.Output"/> (progress, summaries, callbacks' messages) or
/// <see cref="Engine.Warnings"/>, never straight to the console: run alone, since they and the console are process-wide.
/// </summary>
[Collection("Engine.Output")]
public class EngineOutputTests
{
    [Fact]
    public void ProgressMessagesAndWarningsGoWhereTheEngineSays()
    {
        TextWriter saved = Console.Out, savedError = Console.Error;
        using var console = new StringWriter();
        using var log = new StringWriter();
        using var warnings = new StringWriter();
        Console.SetOut(console);
        Console.SetError(console);
        try
        {
            Engine.Output = log;
            Engine.Warnings = warnings;
            var model = new Sequential([new InputLayer([3]), new Dense(1)]);
            model.Compile("sgd", "mse");
            Tensor x = Tensor.Uniform([16, 3], seed: 1), y = Tensor.Uniform([16, 1], seed: 2);
            model.Fit(x, y, epochs: 2, batchSize: 8, verbose: 1, callbacks: [new EarlyStopping(monitor: "val_loss")]);
            model.Evaluate(x, y, verbose: 1);
            model.Predict(x, verbose: 1);
            model.Summary();
            Assert.Contains("Epoch 1/2", log.ToString());
            Assert.Contains("Total params: 4", log.ToString());
            Assert.Contains("'val_loss' is not in the logs", warnings.ToString()); // EarlyStopping without validation data
            Assert.Equal("", console.ToString());
        }
        finally
        {
            Engine.Output = null;
            Engine.Warnings = null;
            Console.SetOut(saved);
            Console.SetError(savedError);
        }
        Assert.Same(Console.Out, Engine.Output); // null goes back to the console
        Assert.Same(Console.Error, Engine.Warnings);
    }
}
