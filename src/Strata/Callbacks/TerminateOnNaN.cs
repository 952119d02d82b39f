namespace Strata.Callbacks;

/// <summary>Stops training as soon as a batch's loss is NaN or infinite, as keras.callbacks.TerminateOnNaN.</summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>Stops training when the batch's "loss" is NaN or infinite.</summary>
    /// <param name="batch">The batch index within the epoch, 0-based.</param>
    /// <param name="logs">The running metric values, holding "loss".</param>
    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
        if (logs.TryGetValue("loss", out double loss) && !double.IsFinite(loss))
        {
            Engine.Output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
            Model!.StopTraining = true;
        }
    }
}
