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
    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs) => onEpochBegin?.Invoke(epoch, logs);

    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);

    public override void OnTrainBatchBegin(int batch, IDictionary<string, double> logs) => onTrainBatchBegin?.Invoke(batch, logs);

    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs) => onTrainBatchEnd?.Invoke(batch, logs);

    public override void OnTrainBegin(IDictionary<string, double> logs) => onTrainBegin?.Invoke(logs);

    public override void OnTrainEnd(IDictionary<string, double> logs) => onTrainEnd?.Invoke(logs);
}
