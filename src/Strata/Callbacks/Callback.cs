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

    /// <summary>Called once at the start of <c>Fit</c>, before the first epoch.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnTrainBegin(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called once at the end of <c>Fit</c>, also after early stopping or cancellation.</summary>
    /// <param name="logs">The logs of the last epoch (with "val_" entries when there was validation data).</param>
    public virtual void OnTrainEnd(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Fit</c> at the start of each epoch.</summary>
    /// <param name="epoch">The epoch index, 0-based (counting from <c>initialEpoch</c>).</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Fit</c> at the end of each epoch, after validation.</summary>
    /// <param name="epoch">The epoch index, 0-based.</param>
    /// <param name="logs">The epoch's metric values, e.g. "loss" and "accuracy", and "val_loss" etc. with validation data. A callback may add entries (ReduceLROnPlateau adds "learning_rate").</param>
    public virtual void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Fit</c> before each training batch.</summary>
    /// <param name="batch">The batch index within the epoch, 0-based.</param>
    /// <param name="logs">An empty, read-only dictionary (Keras passes no logs here).</param>
    public virtual void OnTrainBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Fit</c> after each training batch.</summary>
    /// <param name="batch">The batch index within the epoch, 0-based.</param>
    /// <param name="logs">The running metric values of the epoch so far, e.g. "loss".</param>
    public virtual void OnTrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the start of <c>Evaluate</c>. (Fit's validation pass does not call the test hooks.)</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnTestBegin(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the end of <c>Evaluate</c>.</summary>
    /// <param name="logs">The evaluation's metric values.</param>
    public virtual void OnTestEnd(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Evaluate</c> before each batch.</summary>
    /// <param name="batch">The batch index, 0-based.</param>
    /// <param name="logs">An empty, read-only dictionary (Keras passes no logs here).</param>
    public virtual void OnTestBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Evaluate</c> after each batch.</summary>
    /// <param name="batch">The batch index, 0-based.</param>
    /// <param name="logs">The running metric values so far.</param>
    public virtual void OnTestBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the start of <c>Predict</c>.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnPredictBegin(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called at the end of <c>Predict</c>.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnPredictEnd(IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Predict</c> before each batch.</summary>
    /// <param name="batch">The batch index, 0-based.</param>
    /// <param name="logs">An empty, read-only dictionary.</param>
    public virtual void OnPredictBatchBegin(int batch, IDictionary<string, double> logs)
    {
    }

    /// <summary>Called by <c>Predict</c> after each batch.</summary>
    /// <param name="batch">The batch index, 0-based.</param>
    /// <param name="logs">Empty (Keras passes the batch's outputs here; Strata does not).</param>
    public virtual void OnPredictBatchEnd(int batch, IDictionary<string, double> logs)
    {
    }
}
