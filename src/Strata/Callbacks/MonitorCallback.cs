namespace Strata.Callbacks;

/// <summary>
/// The shared part of callbacks that watch one logged quantity for improvement (EarlyStopping,
/// ReduceLROnPlateau, ModelCheckpoint): which direction is better, and by how much it must change.
/// </summary>
public abstract class MonitorCallback : Callback
{
    private bool? _higherIsBetter;

    /// <summary>Checks and stores the monitoring settings.</summary>
    /// <param name="monitor">The logged quantity to watch, e.g. "val_loss".</param>
    /// <param name="mode">"min", "max" or "auto" (inferred from the name: losses and errors go down, accuracies go up).</param>
    /// <param name="minDelta">The smallest change that counts as an improvement; its absolute value is used.</param>
    /// <param name="baseline">A value the quantity must beat, or null.</param>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is not "auto", "min" or "max".</exception>
    protected MonitorCallback(string monitor, string mode, double minDelta, double? baseline)
    {
        if (mode is not ("auto" or "min" or "max")) throw new ArgumentException($"{GetType().Name}: mode must be \"auto\", \"min\" or \"max\", got \"{mode}\".", nameof(mode));
        Monitor = monitor;
        Mode = mode;
        MinDelta = Math.Abs(minDelta);
        Baseline = baseline;
    }

    /// <summary>The logged quantity to watch, e.g. "val_loss" (Keras's <c>monitor</c>).</summary>
    public string Monitor { get; }

    /// <summary>"min", "max" or "auto" (Keras's <c>mode</c>).</summary>
    public string Mode { get; }

    /// <summary>The smallest change that counts as an improvement, as an absolute value (Keras's <c>min_delta</c>).</summary>
    public double MinDelta { get; }

    /// <summary>A value the quantity must beat, or null for none (Keras's <c>baseline</c>).</summary>
    public double? Baseline { get; }

    /// <summary>The best value seen so far (null before the first).</summary>
    public double? Best { get; protected set; }

    /// <summary>Whether <paramref name="current"/> beats <paramref name="reference"/> by more than MinDelta.</summary>
    protected bool IsImprovement(double current, double? reference)
    {
        if (reference is not double r) return true;
        bool higher = _higherIsBetter ??= HigherIsBetter();
        return higher ? current - MinDelta > r : current + MinDelta < r;
    }

    /// <summary>The monitored value, or null (with a warning on the console, as Keras) when it is not logged.</summary>
    protected double? MonitoredValue(IDictionary<string, double> logs)
    {
        if (logs.TryGetValue(Monitor, out double value)) return value;
        Engine.Warnings.WriteLine($"{GetType().Name}: the monitored quantity '{Monitor}' is not in the logs. Available: {string.Join(", ", logs.Keys)}.");
        return null;
    }

    /// <summary>Keras's "auto" mode: losses and errors go down, accuracies and the like go up.</summary>
    private bool HigherIsBetter()
    {
        if (Mode != "auto") return Mode == "max";
        string name = Monitor.StartsWith("val_", StringComparison.Ordinal) ? Monitor[4..] : Monitor;
        if (name.EndsWith("loss", StringComparison.Ordinal) || name.Contains("error") || name is "mae" or "mse") return false;
        if (name.Contains("acc") || name.Contains("precision") || name.Contains("recall") || name.Contains("auc")) return true;
        throw new InvalidOperationException($"{GetType().Name}: cannot tell whether '{Monitor}' should be maximized or minimized; pass mode: \"max\" or mode: \"min\".");
    }
}
