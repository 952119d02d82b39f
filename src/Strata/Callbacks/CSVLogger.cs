using System.Globalization;

namespace Strata.Callbacks;

/// <summary>
/// Writes each epoch's logs as a CSV row ("epoch" then the log names, sorted), flushed every epoch
/// so a crash loses nothing, as keras.callbacks.CSVLogger.
/// </summary>
public sealed class CSVLogger(string filename, string separator = ",", bool append = false) : Callback, IWritesFiles
{
    private StreamWriter? _writer;
    private string[]? _keys;

    /// <summary>The path of the CSV file.</summary>
    public string Filename { get; } = filename ?? throw new ArgumentNullException(nameof(filename));

    /// <summary>Opens the file: truncated, or appended to when <c>append</c> is true (then the existing header's columns are kept).</summary>
    /// <param name="logs">Not used.</param>
    public override void OnTrainBegin(IDictionary<string, double> logs)
    {
        bool continuing = append && File.Exists(Filename) && new FileInfo(Filename).Length > 0;
        _writer = new StreamWriter(Filename, append);
        _keys = continuing ? ReadHeader() : null;
    }

    /// <summary>Writes the header on the first epoch, then the epoch's row ("NA" for a missing value), and flushes.</summary>
    /// <param name="epoch">The epoch index, 0-based, written in the "epoch" column.</param>
    /// <param name="logs">The epoch's metric values.</param>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        if (_writer is null) return;
        if (_keys is null)
        {
            _keys = [.. logs.Keys.Order(StringComparer.Ordinal)];
            _writer.WriteLine(string.Join(separator, ["epoch", .. _keys]));
        }
        IEnumerable<string> values = _keys.Select(k => logs.TryGetValue(k, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA");
        _writer.WriteLine(string.Join(separator, [epoch.ToString(CultureInfo.InvariantCulture), .. values]));
        _writer.Flush();
    }

    /// <summary>Closes the file.</summary>
    /// <param name="logs">Not used.</param>
    public override void OnTrainEnd(IDictionary<string, double> logs)
    {
        _writer?.Dispose();
        _writer = null;
    }

    private string[]? ReadHeader()
    {
        using var reader = new StreamReader(new FileStream(Filename, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        string? header = reader.ReadLine();
        return header?.Split(separator).Skip(1).ToArray();
    }
}
