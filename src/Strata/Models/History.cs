using Strata.Callbacks;

namespace Strata;

/// <summary>
/// The per-epoch logs of a training run, as Keras's History: <c>history["val_loss"]</c> is what
/// Keras users read from <c>history.history["val_loss"]</c>. Fit adds it for you and returns it.
/// </summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly List<int> _epochs = [];

    /// <summary>The values of one metric, one per epoch.</summary>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out List<double>? v) ? v
        : throw new KeyNotFoundException($"History has no '{key}'. Recorded: {string.Join(", ", _values.Keys)}.");

    /// <summary>Every metric's values, in the order they were first logged (Keras: history.history).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Values =>
        _values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value);

    /// <summary>The epoch indices recorded (0-based, as Keras's history.epoch).</summary>
    public IReadOnlyList<int> Epoch => _epochs;

    /// <summary>Whether a metric of this name was logged ("loss", "val_accuracy", ...).</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Records the epoch's index and each of its logs; Fit calls it.</summary>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach ((string key, double value) in logs)
        {
            if (!_values.TryGetValue(key, out List<double>? list)) _values[key] = list = [];
            list.Add(value);
        }
    }
}
