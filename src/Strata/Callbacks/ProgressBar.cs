using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Strata.Callbacks;

/// <summary>
/// Keras's progress bar (<c>keras.utils.Progbar</c>) as <c>fit</c>, <c>evaluate</c> and <c>predict</c>
/// print it, character for character:
/// <c>469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9255 - loss: 0.2573</c>.
/// Verbose 1 redraws one line in place on a terminal (bold counts, a green/white bar, the ETA
/// while running) and, when the output is redirected, prints only the final line, without ANSI
/// codes. Verbose 2 prints one plain line when the bar completes; verbose 0 prints nothing.
/// </summary>
public sealed class ProgressBar
{
    private const int Width = 20;

    /// <summary>Redraws closer together than this (seconds) are skipped, as in Keras.</summary>
    private const double Interval = 0.05;

    private readonly int _verbose;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly string _unitName;
    private readonly Func<double> _clock;
    private readonly char _barChar;
    private readonly Dictionary<string, double> _values = [];
    private readonly List<string> _order = [];
    private readonly double _start;
    private double _lastUpdate = double.NegativeInfinity;
    private double? _timeAfterFirstStep;
    private int _previousWidth;
    private int _seen;

    /// <param name="target">The number of steps, or null when unknown (the bar then shows "n/Unknown").</param>
    /// <param name="verbose">0 silent, 1 the progress bar, 2 one line when done.</param>
    /// <param name="output">Where to write; the console by default.</param>
    /// <param name="interactive">Whether to redraw in place; by default, whether the console output is a terminal.</param>
    /// <param name="unitName">The unit of the time per step ("step", or "sample").</param>
    /// <param name="clock">The time in seconds; tests pass a fake one.</param>
    public ProgressBar(int? target, int verbose = 1, TextWriter? output = null, bool? interactive = null, string unitName = "step", Func<double>? clock = null)
    {
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), verbose, "ProgressBar: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch).");
        ArgumentNullException.ThrowIfNull(unitName);
        Target = target;
        _verbose = verbose;
        _output = output ?? Engine.Output;
        _interactive = interactive ?? (ReferenceEquals(_output, Console.Out) && !Console.IsOutputRedirected);
        _unitName = unitName;
        _clock = clock ?? (() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);
        _barChar = CanEncode(_output.Encoding, '━') ? '━' : '='; // Keras falls back to '=' the same way
        _start = _clock();
    }

    /// <summary>The number of steps, or null when unknown; a training loop that learns it at the end of the first epoch sets it before the final update.</summary>
    public int? Target { get; set; }

    /// <summary>
    /// Shows progress at step <paramref name="current"/> with the given values, shown as given and
    /// in the order first seen (a value given once stays shown). <paramref name="finalize"/>
    /// defaults to whether the target is reached; the final update ends the line.
    /// </summary>
    public void Update(int current, IReadOnlyList<KeyValuePair<string, double>>? values = null, bool? finalize = null)
    {
        bool final = finalize ?? (Target is int t && current >= t);
        foreach (var (name, value) in values ?? [])
        {
            if (!_values.ContainsKey(name)) _order.Add(name);
            _values[name] = value;
        }
        _seen = current;
        double now = _clock();
        double timePerUnit = EstimateStepDuration(current, now);

        if (_verbose == 1)
        {
            if (now - _lastUpdate < Interval && !final) return;
            if (_interactive)
            {
                var (line, width) = Line(current, now, timePerUnit, final, ansi: true);
                // As Keras: back up over the previous line, return, draw, and blank out any leftover.
                var message = new StringBuilder().Append('\b', _previousWidth).Append('\r').Append(line);
                if (_previousWidth > width) message.Append(' ', _previousWidth - width);
                if (final) message.Append('\n');
                Write(message.ToString());
                _previousWidth = width;
            }
            else if (final)
            {
                // Redirected output (a log file, a pipe) gets only the finished line of each bar.
                Write(Line(current, now, timePerUnit, final, ansi: false).Text + "\n");
            }
        }
        else if (_verbose == 2 && final && Target > 0)
        {
            Write(SummaryLine(current, now, timePerUnit) + "\n");
        }
        _lastUpdate = now;
    }

    /// <summary>Advances by <paramref name="steps"/> from the last step shown.</summary>
    public void Add(int steps, IReadOnlyList<KeyValuePair<string, double>>? values = null) => Update(_seen + steps, values);

    /// <summary>The verbose-1 line and its width on screen (escape codes excluded).</summary>
    private (string Text, int Width) Line(int current, double now, double timePerUnit, bool final, bool ansi)
    {
        var line = new StyledText(ansi);
        if (Target is int target && target > 0)
        {
            line.Append(Count(current, target), "\x1b[1m").Append(" ");
            int done = (int)(Width * ((double)current / target));
            if (done > 0) line.Append(new string(_barChar, done), "\x1b[32m");
            line.Append(new string(_barChar, Math.Max(0, Width - done)), "\x1b[37m"); // Keras emits this even when empty
            line.Append(" ").Append(final ? Seconds(now - _start) : Eta(timePerUnit * (target - current)), "\x1b[1m");
        }
        else
        {
            line.Append(current.ToString(CultureInfo.InvariantCulture).PadLeft(7) + "/Unknown");
            line.Append(" ").Append(Seconds(now - _start), "\x1b[1m");
        }
        line.Append(TimePerUnit(timePerUnit));
        foreach (string name in _order)
        {
            double v = _values[name];
            line.Append($" - {name}: {(Math.Abs(v) > 1e-3 ? PythonFormat.Fixed(v, 4) : PythonFormat.Exponent(v, 4))}");
        }
        return (line.ToString(), line.Width);
    }

    /// <summary>The verbose-2 line: "469/469 - 2s - 4ms/step - accuracy: 0.9255 - loss: 0.2573".</summary>
    private string SummaryLine(int current, double now, double timePerUnit)
    {
        var text = new StringBuilder($"{Count(current, Target!.Value)} - {Seconds(now - _start)} -{TimePerUnit(timePerUnit)}");
        foreach (string name in _order)
        {
            double v = _values[name];
            // Keras tests v > 1e-3 here, not |v| as on the bar, so negative values print in e-notation.
            text.Append($" - {name}: {(v > 1e-3 ? PythonFormat.Fixed(v, 4) : PythonFormat.Exponent(v, 4))}");
        }
        return text.ToString();
    }

    /// <summary>"  7/469": the step right-aligned to the target's width.</summary>
    private static string Count(int current, int target) =>
        current.ToString(CultureInfo.InvariantCulture).PadLeft(target.ToString(CultureInfo.InvariantCulture).Length) + "/" + target.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => PythonFormat.Fixed(seconds, 0) + "s";

    /// <summary>Keras's ETA: "1:02:03" past an hour, "2:03" past a minute, else "42s" (truncated, not rounded).</summary>
    private static string Eta(double eta)
    {
        static string Two(double v) => ((long)v).ToString("00", CultureInfo.InvariantCulture);
        if (eta > 3600) return $"{(long)(eta / 3600)}:{Two(eta % 3600 / 60)}:{Two(eta % 60)}";
        if (eta > 60) return $"{(long)(eta / 60)}:{Two(eta % 60)}";
        return $"{(long)eta}s";
    }

    /// <summary>" 4ms/step": seconds at 1 s and above (and for 0), else milliseconds, else microseconds.</summary>
    private string TimePerUnit(double t) =>
        t >= 1 || t == 0 ? $" {PythonFormat.Fixed(t, 0)}s/{_unitName}"
        : t >= 1e-3 ? $" {PythonFormat.Fixed(t * 1000.0, 0)}ms/{_unitName}"
        : $" {PythonFormat.Fixed(t * 1000000.0, 0)}us/{_unitName}";

    /// <summary>
    /// Seconds per step. As Keras: the first step (compilation, warm-up) is left out of the
    /// estimate once later steps exist.
    /// </summary>
    private double EstimateStepDuration(int current, double now)
    {
        if (current == 0) return 0;
        double perUnit = _timeAfterFirstStep is double first && current > 1
            ? (now - first) / (current - 1)
            : (now - _start) / current;
        if (current == 1) _timeAfterFirstStep = now;
        return perUnit;
    }

    private void Write(string text)
    {
        _output.Write(text);
        _output.Flush();
    }

    private static bool CanEncode(Encoding encoding, char c)
    {
        try
        {
            return encoding.GetString(encoding.GetBytes(c.ToString())) == c.ToString();
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
