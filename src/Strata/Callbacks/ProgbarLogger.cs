namespace Strata.Callbacks;

/// <summary>
/// Prints Keras's progress bar during Fit, Evaluate and Predict: "Epoch 1/5" then one bar per
/// epoch. Inside Fit, the validation pass stays silent, as in Keras.
/// </summary>
internal sealed class ProgbarLogger(TextWriter? output = null) : Callback
{
    private ProgressBar? _bar;
    private bool _calledInFit;
    private int _seen;

    private int Verbose => Params.GetValueOrDefault("verbose", 1);

    private int? Target => Params.TryGetValue("steps", out int steps) ? steps : null;

    public override void OnTrainBegin(IDictionary<string, double> logs) => _calledInFit = true;

    public override void OnEpochBegin(int epoch, IDictionary<string, double> logs)
    {
        Reset();
        int epochs = Params.GetValueOrDefault("epochs", 1);
        if (Verbose > 0 && epochs > 1) (output ?? Engine.Output).WriteLine($"Epoch {epoch + 1}/{epochs}");
    }

    public override void OnTrainBatchEnd(int batch, IDictionary<string, double> logs) => Progress(batch, logs);

    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => Finish(logs);

    public override void OnTestBegin(IDictionary<string, double> logs)
    {
        if (!_calledInFit) Reset();
    }

    public override void OnTestBatchEnd(int batch, IDictionary<string, double> logs)
    {
        if (!_calledInFit) Progress(batch, logs);
    }

    public override void OnTestEnd(IDictionary<string, double> logs)
    {
        if (!_calledInFit) Finish(logs);
    }

    public override void OnPredictBegin(IDictionary<string, double> logs) => Reset();

    public override void OnPredictBatchEnd(int batch, IDictionary<string, double> logs) => Progress(batch, null);

    public override void OnPredictEnd(IDictionary<string, double> logs) => Finish(null);

    private void Reset()
    {
        _seen = 0;
        _bar = new ProgressBar(Target, Verbose, output);
    }

    private void Progress(int batch, IDictionary<string, double>? logs)
    {
        _seen = batch + 1;
        if (Verbose == 1) Bar().Update(_seen, logs?.ToList(), finalize: false);
    }

    private void Finish(IDictionary<string, double>? logs) => Bar().Update(Target ?? _seen, logs?.ToList() ?? [], finalize: true);

    private ProgressBar Bar() => _bar ??= new ProgressBar(Target, Verbose, output);
}
