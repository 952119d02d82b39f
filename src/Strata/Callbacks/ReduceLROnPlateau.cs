using System.Globalization;

namespace Strata.Callbacks;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when the monitored quantity has stopped
/// improving for <see cref="Patience"/> epochs, as keras.callbacks.ReduceLROnPlateau.
/// </summary>
public sealed class ReduceLROnPlateau : MonitorCallback
{
    private int _wait;
    private int _cooldownCounter;

    /// <summary>Creates the callback; the defaults are Keras's.</summary>
    /// <param name="monitor">The logged quantity to watch.</param>
    /// <param name="factor">The factor the learning rate is multiplied by; must be below 1.</param>
    /// <param name="patience">Epochs with no improvement after which the learning rate is reduced.</param>
    /// <param name="verbose">1 to print a message on each reduction.</param>
    /// <param name="mode">"min", "max" or "auto".</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before resuming normal operation.</param>
    /// <param name="minLr">The lower bound on the learning rate.</param>
    /// <exception cref="ArgumentException"><paramref name="factor"/> is 1 or more.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0,
        string mode = "auto", double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
        : base(monitor, mode, minDelta, null)
    {
        if (factor >= 1.0) throw new ArgumentException($"ReduceLROnPlateau: factor must be below 1.0, got {factor}.", nameof(factor));
        Factor = factor;
        Patience = patience;
        Verbose = verbose;
        Cooldown = cooldown;
        MinLr = minLr;
    }

    /// <summary>The factor the learning rate is multiplied by (Keras's <c>factor</c>, default 0.1).</summary>
    public double Factor { get; }

    /// <summary>Epochs with no improvement after which the learning rate is reduced (Keras's <c>patience</c>, default 10).</summary>
    public int Patience { get; }

    /// <summary>0: quiet, 1: a message on each reduction (Keras's <c>verbose</c>).</summary>
    public int Verbose { get; }

    /// <summary>Epochs to wait after a reduction before resuming normal operation (Keras's <c>cooldown</c>, default 0).</summary>
    public int Cooldown { get; }

    /// <summary>The lower bound on the learning rate (Keras's <c>min_lr</c>, default 0).</summary>
    public double MinLr { get; }

    /// <summary>Resets the best value, the wait count and the cooldown.</summary>
    /// <param name="logs">Not used.</param>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        Best = null;
        _cooldownCounter = 0;
        _wait = 0;
    }

    /// <summary>
    /// Adds "learning_rate" to the logs, then reduces the optimizer's learning rate when the monitored
    /// value has not improved for <see cref="Patience"/> epochs outside a cooldown.
    /// </summary>
    /// <param name="epoch">The epoch index, 0-based.</param>
    /// <param name="logs">The epoch's metric values; "learning_rate" is added.</param>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        var optimizer = Model!.Optimizer!;
        logs["learning_rate"] = optimizer.LearningRate;
        if (MonitoredValue(logs) is not double current) return;
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (IsImprovement(current, Best))
        {
            Best = current;
            _wait = 0;
            return;
        }
        if (_cooldownCounter > 0 || ++_wait < Patience) return;
        double old = optimizer.LearningRate;
        if (old > (float)MinLr)
        {
            double lr = Math.Max(old * Factor, MinLr);
            optimizer.LearningRate = (float)lr;
            if (Verbose > 0) Engine.Output.WriteLine($"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {lr.ToString(CultureInfo.InvariantCulture)}.");
            _cooldownCounter = Cooldown;
            _wait = 0;
        }
    }
}
