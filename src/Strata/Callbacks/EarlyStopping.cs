namespace Strata.Callbacks;

/// <summary>
/// Stops training when the monitored quantity has not improved for <see cref="Patience"/> epochs,
/// optionally restoring the weights of the best epoch, as keras.callbacks.EarlyStopping.
/// </summary>
public sealed class EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0,
    string mode = "auto", double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    : MonitorCallback(monitor, mode, minDelta, baseline)
{
    private int _wait;
    private Tensor[]? _bestWeights;

    /// <summary>Number of epochs with no improvement after which training is stopped (Keras's <c>patience</c>, default 0).</summary>
    public int Patience { get; } = patience;

    /// <summary>Whether to restore the weights of the best epoch at the end of training (Keras's <c>restore_best_weights</c>, default false).</summary>
    public bool RestoreBestWeights { get; } = restoreBestWeights;

    /// <summary>The epoch (0-based) at which training was stopped; 0 if it ran to the end.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The epoch (0-based) with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Resets the wait count, the best value and the stored weights.</summary>
    /// <param name="logs">Not used.</param>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        _wait = 0;
        StoppedEpoch = 0;
        Best = null;
        _bestWeights = null;
        BestEpoch = 0;
    }

    /// <summary>
    /// Compares the monitored value with the best so far; stops training once it has not improved for
    /// <see cref="Patience"/> epochs. Epochs before <c>startFromEpoch</c> are ignored.
    /// </summary>
    /// <param name="epoch">The epoch index, 0-based.</param>
    /// <param name="logs">The epoch's metric values, holding <see cref="MonitorCallback.Monitor"/>.</param>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (MonitoredValue(logs) is not double current || epoch < startFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null)
        {
            _bestWeights = Model!.GetWeights();
            BestEpoch = epoch;
        }
        _wait++;
        if (IsImprovement(current, Best))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights) _bestWeights = Model!.GetWeights();
            // Patience restarts only when the value also beats the baseline.
            if (Baseline is null || IsImprovement(current, Baseline)) _wait = 0;
            return;
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    /// <summary>Reports the stop when <c>verbose</c> &gt; 0, and restores the best weights when <see cref="RestoreBestWeights"/> is set.</summary>
    /// <param name="logs">Not used.</param>
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        if (StoppedEpoch > 0 && verbose > 0) Engine.Output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (RestoreBestWeights && _bestWeights is not null)
        {
            if (verbose > 0) Engine.Output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            Model!.SetWeights(_bestWeights);
        }
    }
}
