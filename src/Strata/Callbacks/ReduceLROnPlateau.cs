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

    public double Factor { get; }

    public int Patience { get; }

    public int Verbose { get; }

    public int Cooldown { get; }

    public double MinLr { get; }

    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        Best = null;
        _cooldownCounter = 0;
        _wait = 0;
    }

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
