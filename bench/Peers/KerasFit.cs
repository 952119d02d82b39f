using Strata.Bench.Shared;
using static TorchSharp.torch;

namespace TorchSharpPeer;

/// <summary>
/// What Keras's fit does each epoch, in TorchSharp: shuffle the samples, then per batch of
/// <paramref name="batchSize"/> (the last one partial) gather the rows, forward, loss, backward, update,
/// and keep the running loss and accuracy that Keras computes and logs every step. Each step's temporaries
/// are freed by a dispose scope, as TorchSharp recommends.
/// </summary>
internal sealed class KerasFit(
    nn.Module<Tensor, Tensor> model,
    Func<Tensor, Tensor, Tensor> loss,
    Func<Tensor, Tensor, Tensor> correctCount,
    int batchSize)
{
    private readonly KerasRmsprop _optimizer = new(model.parameters());

    public double Loss { get; private set; }

    public double Accuracy { get; private set; }

    public void Fit(Tensor x, Tensor y, int epochs, TrainingProbe probe)
    {
        model.train();
        long n = x.shape[0];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            probe.EpochBegin(epoch);
            double lossSum = 0, correct = 0;
            using (var epochScope = NewDisposeScope())
            {
                Tensor order = randperm(n);
                int step = 0;
                for (long start = 0; start < n; start += batchSize, step++)
                {
                    probe.BatchBegin(epoch, step);
                    using (var stepScope = NewDisposeScope())
                    {
                        Tensor rows = order.slice(0, start, Math.Min(start + batchSize, n), 1);
                        Tensor xb = x.index_select(0, rows), yb = y.index_select(0, rows);
                        Tensor predictions = model.call(xb);
                        Tensor batchLoss = loss(yb, predictions);
                        batchLoss.backward();
                        _optimizer.Step();
                        using (no_grad())
                        {
                            lossSum += batchLoss.item<float>() * rows.shape[0];
                            correct += correctCount(yb, predictions).item<long>();
                        }
                    }
                    probe.BatchEnd(epoch, step);
                }
            }
            (Loss, Accuracy) = (lossSum / n, correct / n);
            probe.EpochEnd(epoch);
        }
    }

    /// <summary>Keras's categorical accuracy: the predicted class is the true one.</summary>
    public static Tensor CategoricalCorrect(Tensor yTrue, Tensor yPred) => yPred.argmax(-1).eq(yTrue.argmax(-1)).sum();

    /// <summary>Keras's binary accuracy: the prediction is on the label's side of 0.5.</summary>
    public static Tensor BinaryCorrect(Tensor yTrue, Tensor yPred) => yPred.gt(0.5).to_type(ScalarType.Float32).eq(yTrue).sum();
}
