using Strata.Callbacks;
using Strata.Layers;

namespace Strata.Tests.Models;

/// <summary>
/// Fit, Evaluate and Predict take a CancellationToken: cancelling stops between two steps, tells the callbacks, throws
/// OperationCanceledException, and leaves the weights and the optimizer as the last step left them.
/// </summary>
public class CancellationTests
{
    private static (Model Model, Tensor X, Tensor Y) Setup()
    {
        Strata.Random.SetSeed(8);
        var model = new Sequential([new InputLayer([4]), new Dense(8, activation: "relu"), new Dense(1)]);
        model.Compile("adam", "mse");
        return (model, Tensor.Uniform([64, 4], seed: 1), Tensor.Uniform([64, 1], seed: 2));
    }

    [Fact]
    public void CancellingFitStopsBetweenStepsAndTellsTheCallbacks()
    {
        (Model model, Tensor x, Tensor y) = Setup();
        using var cancel = new CancellationTokenSource();
        float[]? weightsAtCancel = null;
        bool trainEnded = false;
        var callback = new LambdaCallback(
            onTrainBatchEnd: (batch, _) =>
            {
                if (batch != 2) return;
                cancel.Cancel(); // as a user's Stop button would, at the end of the first epoch's third step
                weightsAtCancel = model.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray();
            },
            onEpochBegin: (epoch, _) => Assert.Equal(0, epoch),
            onTrainEnd: _ => trainEnded = true);
        Assert.Throws<OperationCanceledException>(() => model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0, callbacks: [callback], cancellationToken: cancel.Token));
        Assert.True(trainEnded);
        Assert.Equal(3, model.Optimizer!.Iterations); // steps 0, 1, 2 and no other
        Assert.Equal(weightsAtCancel, model.GetWeights().SelectMany(w => w.ToArray<float>()).ToArray());
        model.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0); // and training goes on from there
        Assert.Equal(3 + 8, model.Optimizer.Iterations);
    }

    [Fact]
    public void ACancelledTokenStopsEvaluateAndPredictAndLeavesTheModelAlone()
    {
        (Model model, Tensor x, Tensor y) = Setup();
        float[] before = model.Predict(x, verbose: 0).ToArray<float>();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.Fit(x, y, verbose: 0, cancellationToken: cancel.Token));
        Assert.Throws<OperationCanceledException>(() => model.Evaluate(x, y, verbose: 0, cancellationToken: cancel.Token));
        Assert.Throws<OperationCanceledException>(() => model.Predict(x, verbose: 0, cancellationToken: cancel.Token));
        Assert.Equal(0, model.Optimizer!.Iterations);
        Assert.Equal(before, model.Predict(x, verbose: 0).ToArray<float>());
        // A token that is never cancelled changes nothing.
        using var never = new CancellationTokenSource();
        Assert.Equal(before, model.Predict(x, verbose: 0, cancellationToken: never.Token).ToArray<float>());
    }
}
