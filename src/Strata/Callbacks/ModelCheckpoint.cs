using System.Globalization;
using System.Text.RegularExpressions;

namespace Strata.Callbacks;

/// <summary>
/// Saves the model (or only its weights) at the end of each epoch, or only when the monitored
/// quantity improved, as keras.callbacks.ModelCheckpoint. The path may hold placeholders such as
/// "{epoch:02d}" or "{val_loss:.2f}". Each file is written atomically.
/// </summary>
public sealed partial class ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0,
    bool saveBestOnly = false, bool saveWeightsOnly = false, string mode = "auto", double? initialValueThreshold = null)
    : MonitorCallback(monitor, mode, 0, null), IWritesFiles
{
    /// <summary>The path to save to, with optional placeholders such as "{epoch:02d}" (Keras's <c>filepath</c>).</summary>
    public string Filepath { get; } = filepath ?? throw new ArgumentNullException(nameof(filepath));

    /// <summary>Whether to save only when the monitored quantity improved (Keras's <c>save_best_only</c>, default false).</summary>
    public bool SaveBestOnly { get; } = saveBestOnly;

    /// <summary>Whether to save only the weights, with <c>SaveWeights</c>, rather than the whole model (Keras's <c>save_weights_only</c>, default false).</summary>
    public bool SaveWeightsOnly { get; } = saveWeightsOnly;

    /// <summary>Sets the best value to <c>initialValueThreshold</c> (null by default, so the first epoch always counts as an improvement).</summary>
    /// <param name="logs">Not used.</param>
    public override void OnTrainBegin(IDictionary<string, double> logs) => Best = initialValueThreshold;

    /// <summary>
    /// Saves the model, or its weights, to the formatted path (creating its folder); with
    /// <see cref="SaveBestOnly"/> only when the monitored value improved.
    /// </summary>
    /// <param name="epoch">The epoch index, 0-based; "{epoch}" in the path is 1-based, as Keras.</param>
    /// <param name="logs">The epoch's metric values, used by the monitor and the placeholders.</param>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        string path = FormatPath(Filepath, epoch + 1, logs);
        if (SaveBestOnly)
        {
            if (MonitoredValue(logs) is not double current) return;
            if (!IsImprovement(current, Best))
            {
                if (verbose > 0) Engine.Output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} did not improve from {Best:0.#####}");
                return;
            }
            if (verbose > 0) Engine.Output.WriteLine($"\nEpoch {epoch + 1}: {Monitor} improved from {Best?.ToString("0.#####", CultureInfo.InvariantCulture) ?? "inf"} to {current:0.#####}, saving model to {path}");
            Best = current;
        }
        else if (verbose > 0)
        {
            Engine.Output.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        if (SaveWeightsOnly) Model!.SaveWeights(path);
        else Model!.Save(path);
    }

    /// <summary>Fills Python-format placeholders: {epoch}, {epoch:02d}, {val_loss:.4f}.</summary>
    internal static string FormatPath(string pattern, int epoch, IDictionary<string, double> logs) =>
        Placeholder().Replace(pattern, m =>
        {
            string key = m.Groups["key"].Value, format = m.Groups["format"].Value;
            double value = key == "epoch" ? epoch
                : logs.TryGetValue(key, out double v) ? v
                : throw new ArgumentException($"ModelCheckpoint: the path uses '{{{key}}}', which is not in the logs ({string.Join(", ", logs.Keys)}).");
            return PythonFormat(value, format);
        });

    private static string PythonFormat(double value, string format)
    {
        if (format.Length == 0) return value.ToString(CultureInfo.InvariantCulture);
        Match f = FormatSpec().Match(format);
        if (!f.Success) throw new ArgumentException($"ModelCheckpoint: unsupported format ':{format}' (use e.g. 02d or .4f).");
        int width = f.Groups["width"].Success ? int.Parse(f.Groups["width"].Value, CultureInfo.InvariantCulture) : 0;
        string text = f.Groups["type"].Value == "d"
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("F" + (f.Groups["precision"].Success ? f.Groups["precision"].Value : "6"), CultureInfo.InvariantCulture);
        return f.Groups["zero"].Success ? text.PadLeft(width, '0') : text.PadLeft(width);
    }

    [GeneratedRegex(@"\{(?<key>[A-Za-z_][A-Za-z0-9_]*)(?::(?<format>[^}]*))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(?<zero>0)?(?<width>\d+)?(?:\.(?<precision>\d+))?(?<type>[df])$")]
    private static partial Regex FormatSpec();
}
