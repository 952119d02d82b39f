namespace Strata.Callbacks;

/// <summary>A callback made of delegates, for small hooks written inline, as keras.callbacks.LambdaCallback.</summary>
public sealed class LambdaCallback(
    Action<int, IDictionary<string, double>>? onEpochBegin = null,
    Action<int, IDictionary<string, double>>? onEpochEnd = null,
    Action<int, IDictionary<string, double>>? onTrainBatchBegin = null,
    Action<int, IDictionary<string, double>>? onTrainBatchEnd = null,
    Action<IDictionary<string, double>>? onTrainBegin = null,
    Action<IDictionary<string, double>>? onTrainEnd = null) : Callback
{
    /// <summary>Calls <c>onEpochBegin</c>, if given.</summary>
    /// <param name="epoch">The epoch index, 0-based.</param>
    /// <param name="logs">Passed on to the delegate.</param>
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <summary>Calls <c>onEpochEnd</c>, if given.</summary>
    /// <param name="epoch">The epoch index, 0-based.</param>
    /// <param name="logs">Passed on to the delegate.</param>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <summary>Calls <c>onTrainBatchBegin</c>, if given.</summary>
    /// <param name="batch">The batch index within the epoch, 0-based.</param>
    /// <param name="logs">Passed on to the delegate.</param>
    public override void OnTrainBatchBegin(int batch, IDictionary<string, double> logs) => onTrainBatchBegin?.Invoke(batch, logs);

    /// <summary>Calls <c>onTrainBatchEnd</c>, if given.</summary>
    /// <param name="batch">The batch index within the epoch, 0-based.</param>
    /// <param name="logs">Passed on to the delegate.</param>
    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs) => onTrainBatchEnd?.Invoke(batch, logs);

    /// <summary>Calls <c>onTrainBegin</c>, if given.</summary>
    /// <param name="logs">Passed on to the delegate.</param>
    public override void OnTrainBegin(IDictionary<string, double> logs) => onTrainBegin?.Invoke(logs);

    /// <summary>Calls <c>onTrainEnd</c>, if given.</summary>
    /// <param name="logs">Passed on to the delegate.</param>
    public override void OnTrainEnd(IDictionary<string, double> logs) => onTrainEnd?.Invoke(logs);
}
