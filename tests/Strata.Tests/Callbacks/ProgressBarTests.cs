using System.Text;
using Strata.Callbacks;

namespace Strata.Tests.Callbacks;

/// <summary>
/// The progress bar against Keras 3's Progbar text, with a fake clock (no wall-clock time). The
/// expected strings are worked out by hand from keras/src/utils/progbar.py.
/// </summary>
public class ProgressBarTests
{
    private const string Bold = "\u001b[1m", Green = "\u001b[32m", White = "\u001b[37m", Reset = "\u001b[0m";

    private static string Bar(int green) => new('━', green);

    private static KeyValuePair<string, double>[] Logs(params (string, double)[] values) =>
        values.Select(v => KeyValuePair.Create(v.Item1, v.Item2)).ToArray();

    /// <summary>
    /// One MNIST epoch as model.fit drives it: 469 steps, the first taking 0.5 s (warm-up), then
    /// 4 ms each, an update after every step, and the epoch's final update.
    /// </summary>
    private static void RunEpoch(ProgressBar bar, FakeClock clock)
    {
        for (int step = 1; step <= 469; step++)
        {
            clock.Now = 0.5 + (step - 1) * 0.004;
            bar.Update(step, Logs(("accuracy", 0.9 + step * 1e-4), ("loss", 0.3 - step * 1e-4)), finalize: false);
        }
        bar.Update(469, Logs(("accuracy", 0.9255), ("loss", 0.2573)), finalize: true);
    }

    [Fact]
    public void Redirected_PrintsOnlyTheFinalLine_WithoutEscapeCodes()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        RunEpoch(new ProgressBar(469, output: output, clock: clock.Read), clock);
        Assert.Equal($"469/469 {Bar(20)} 2s 4ms/step - accuracy: 0.9255 - loss: 0.2573\n", output.ToString());
    }

    [Fact]
    public void Verbose2_PrintsOneSummaryLine()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        RunEpoch(new ProgressBar(469, verbose: 2, output: output, clock: clock.Read), clock);
        Assert.Equal("469/469 - 2s - 4ms/step - accuracy: 0.9255 - loss: 0.2573\n", output.ToString());
    }

    [Fact]
    public void Verbose2_OnATerminal_IsTheSame()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        RunEpoch(new ProgressBar(469, verbose: 2, output: output, interactive: true, clock: clock.Read), clock);
        Assert.Equal("469/469 - 2s - 4ms/step - accuracy: 0.9255 - loss: 0.2573\n", output.ToString());
    }

    [Fact]
    public void Verbose0_PrintsNothing()
    {
        var clock = new FakeClock();
        foreach (bool interactive in new[] { true, false })
        {
            var output = new StringWriter();
            RunEpoch(new ProgressBar(469, verbose: 0, output: output, interactive: interactive, clock: clock.Read), clock);
            Assert.Equal("", output.ToString());
        }
    }

    [Fact]
    public void Interactive_RedrawsInPlace_WithColorsEtaAndPadding()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new ProgressBar(3, output: output, interactive: true, clock: clock.Read);

        clock.Now = 1.0; // step 1 took 1 s: 1s/step, 2 steps left
        bar.Update(1, Logs(("loss", 0.5)));
        string first = $"\r{Bold}1/3{Reset} {Green}{Bar(6)}{Reset}{White}{Bar(14)}{Reset} {Bold}2s{Reset} 1s/step - loss: 0.5000";
        Assert.Equal(first, output.ToString());

        clock.Now = 1.02; // within 50 ms of the last redraw: skipped
        bar.Update(2, Logs(("loss", 0.3)));
        Assert.Equal(first, output.ToString());

        clock.Now = 1.5; // steps after the first: (1.5 - 1.0) / 1 = 500 ms, ETA 0.5 s shown as 0s
        bar.Update(2, Logs(("loss", 0.25)));
        string second = new string('\b', 50) + $"\r{Bold}2/3{Reset} {Green}{Bar(13)}{Reset}{White}{Bar(7)}{Reset} {Bold}0s{Reset} 500ms/step - loss: 0.2500";
        Assert.Equal(first + second, output.ToString());

        clock.Now = 3.0; // final: elapsed 3 s, (3 - 1) / 2 = 1s/step; 3 columns shorter, so 3 spaces blank the rest
        bar.Update(3, Logs(("loss", 0.125)));
        string third = new string('\b', 53) + $"\r{Bold}3/3{Reset} {Green}{Bar(20)}{Reset}{White}{Reset} {Bold}3s{Reset} 1s/step - loss: 0.1250   \n";
        Assert.Equal(first + second + third, output.ToString());
    }

    [Fact]
    public void SmallValues_UseENotation_OnTheBarByMagnitude_InVerbose2BySign()
    {
        var values = Logs(("loss", 1.234567e-5), ("zero", 0), ("neg", -0.5), ("tiny", -2e-4), ("edge", 0.001), ("nan", double.NaN), ("inf", double.PositiveInfinity));
        foreach (int verbose in new[] { 1, 2 })
        {
            var output = new StringWriter();
            var bar = new ProgressBar(1, verbose: verbose, output: output, clock: StartAtZero(0.25));
            bar.Update(1, values);
            string metrics = verbose == 1
                ? " - loss: 1.2346e-05 - zero: 0.0000e+00 - neg: -0.5000 - tiny: -2.0000e-04 - edge: 1.0000e-03 - nan: nan - inf: inf"
                : " - loss: 1.2346e-05 - zero: 0.0000e+00 - neg: -5.0000e-01 - tiny: -2.0000e-04 - edge: 1.0000e-03 - nan: nan - inf: inf";
            string head = verbose == 1 ? $"1/1 {Bar(20)} 0s 250ms/step" : "1/1 - 0s - 250ms/step";
            Assert.Equal(head + metrics + "\n", output.ToString());
        }
    }

    [Theory]
    [InlineData(2.0, "2s 2s/step")]
    [InlineData(2.5, "2s 2s/step")] // Python rounds ties to even
    [InlineData(3.5, "4s 4s/step")]
    [InlineData(0.25, "0s 250ms/step")]
    [InlineData(0.001, "0s 1ms/step")]
    [InlineData(0.9996, "1s 1000ms/step")]
    [InlineData(0.0005, "0s 500us/step")]
    [InlineData(0.0000004, "0s 0us/step")]
    public void TimePerStep_Formats(double seconds, string expected)
    {
        var output = new StringWriter();
        new ProgressBar(1, output: output, clock: StartAtZero(seconds)).Update(1);
        Assert.Equal($"1/1 {Bar(20)} {expected}\n", output.ToString());
    }

    [Fact]
    public void StepZero_ShowsZeroSecondsPerStep_AndTheUnitName()
    {
        var output = new StringWriter();
        new ProgressBar(0, output: output, clock: () => 0, unitName: "sample").Update(0, finalize: true);
        Assert.Equal("      0/Unknown 0s 0s/sample\n", output.ToString());
    }

    [Theory]
    [InlineData(50, "49s")]
    [InlineData(61, "60s")]
    [InlineData(62, "1:01")]
    [InlineData(100, "1:39")]
    [InlineData(3601, "60:00")] // exactly an hour is not "> 3600"
    [InlineData(3602, "1:00:01")]
    [InlineData(10000, "2:46:39")]
    public void Eta_Formats(int target, string eta)
    {
        var output = new StringWriter();
        new ProgressBar(target, output: output, interactive: true, clock: StartAtZero(1.0)).Update(1);
        Assert.Contains($" {Bold}{eta}{Reset} 1s/step", output.ToString());
    }

    [Fact]
    public void UnknownTarget_CountsSteps_ThenShowsTheBarOnceTheTargetIsSet()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new ProgressBar(null, output: output, interactive: true, clock: clock.Read);
        clock.Now = 1.0;
        bar.Update(1, Logs(("loss", 0.5)));
        string first = $"\r      1/Unknown {Bold}1s{Reset} 1s/step - loss: 0.5000";
        Assert.Equal(first, output.ToString());

        clock.Now = 2.0; // with no target, reaching a step never finalizes
        bar.Update(2);
        string second = new string('\b', 41) + $"\r      2/Unknown {Bold}2s{Reset} 1s/step - loss: 0.5000";
        Assert.Equal(first + second, output.ToString());

        bar.Target = 2; // what fit does at the end of an epoch of unknown length
        bar.Update(2, finalize: true);
        string third = new string('\b', 41) + $"\r{Bold}2/2{Reset} {Green}{Bar(20)}{Reset}{White}{Reset} {Bold}2s{Reset} 1s/step - loss: 0.5000\n";
        Assert.Equal(first + second + third, output.ToString());
    }

    [Fact]
    public void FinalizeDefaultsToReachingTheTarget_AndNewNamesAreAppended()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(2, output: output, clock: StartAtZero(2.0));
        bar.Update(1, Logs(("loss", 0.5), ("accuracy", 0.25)));
        Assert.Equal("", output.ToString());
        bar.Update(2, Logs(("loss", 0.4), ("val_loss", 0.6)));
        Assert.Equal($"2/2 {Bar(20)} 2s 0s/step - loss: 0.4000 - accuracy: 0.2500 - val_loss: 0.6000\n", output.ToString());
    }

    [Fact]
    public void CountsAreRightAligned_AndAddAdvances()
    {
        var clock = new FakeClock();
        var output = new StringWriter();
        var bar = new ProgressBar(1000, output: output, interactive: true, clock: clock.Read);
        clock.Now = 1;
        bar.Add(7);
        Assert.StartsWith($"\r{Bold}   7/1000{Reset} {White}{Bar(20)}{Reset}", output.ToString());
        clock.Now = 2;
        bar.Add(993); // 4 columns shorter than "   7/1000 ... 2:21 143ms/step"
        Assert.EndsWith($"{Bold}1000/1000{Reset} {Green}{Bar(20)}{Reset}{White}{Reset} {Bold}2s{Reset} 2ms/step    \n", output.ToString());
    }

    [Fact]
    public void WithoutUnicode_TheBarFallsBackToEqualsSigns()
    {
        var output = new AsciiWriter();
        new ProgressBar(1, output: output, clock: StartAtZero(0.5)).Update(1);
        Assert.Equal($"1/1 {new string('=', 20)} 0s 500ms/step\n", output.ToString());
    }

    [Fact]
    public void InvalidVerbose_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressBar(1, verbose: 3, output: new StringWriter()));
    }

    /// <summary>A clock that reads 0 when the bar is created and <paramref name="then"/> ever after.</summary>
    private static Func<double> StartAtZero(double then)
    {
        bool started = false;
        return () =>
        {
            if (started) return then;
            started = true;
            return 0;
        };
    }

    private sealed class FakeClock
    {
        public double Now { get; set; }

        public double Read() => Now;
    }

    private sealed class AsciiWriter : StringWriter
    {
        public override Encoding Encoding => Encoding.ASCII;
    }
}
