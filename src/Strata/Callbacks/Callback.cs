namespace Strata.Callbacks;

/// <summary>
/// Hooks into training, evaluation and prediction, as keras.callbacks.Callback. <c>Fit</c> calls every
/// callback in its list in order; logs hold the running metric values (e.g. "loss", "accuracy",
/// and "val_loss" at the end of an epoch with validation data).
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained; set by Fit, Evaluate and Predict before the first hook.</summary>
    public Model? Model { get; internal set; }

    /// <summary>What the loop runs: "epochs", "steps" (per epoch) and "verbose".</summary>
    public IReadOnlyDictionary<string, int> Params { get; internal set; } = new Dictionary<string, int>();

    public virtual void OnTrainBegin(IDictionary<string, double> logs)
    {
    }

    public virtual void OnTrainEnd(IDictionary<string, double> logs)
    {
    }

    public virtual void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnTrainBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnTestBegin(IDictionary<string, double> logs)
    {
    }

    public virtual void OnTestEnd(IDictionary<string, double> logs)
    {
    }

    public virtual void OnTestBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnTestBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnPredictBegin(IDictionary<string, double> logs)
    {
    }

    public virtual void OnPredictEnd(IDictionary<string, double> logs)
    {
    }

    public virtual void OnPredictBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    public virtual void OnPredictBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }
}
