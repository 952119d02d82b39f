namespace Strata.Callbacks;

/// <summary>Runs every callback's hook in order; Fit adds History and the progress-bar logger after the user's.</summary>
internal sealed class CallbackList(IEnumerable<Callback> callbacks, Model model, IReadOnlyDictionary<string, int> parameters)
{
    private readonly Callback[] _callbacks = Attach(callbacks, model, parameters);

    private static Callback[] Attach(IEnumerable<Callback> callbacks, Model model, IReadOnlyDictionary<string, int> parameters)
    {
        Callback[] all = [.. callbacks];
        foreach (Callback c in all)
        {
            c.Model = model;
            c.Params = parameters;
        }
        return all;
    }

    public void TrainBegin(IDictionary<string, double> logs) => Each(c => c.OnTrainBegin(logs));

    public void TrainEnd(IDictionary<string, double> logs) => Each(c => c.OnTrainEnd(logs));

    public void EpochBegin(int epoch, IDictionary<string, double> logs) => Each(c => c.OnEpochBegin(epoch, logs));

    public void EpochEnd(int epoch, IDictionary<string, double> logs) => Each(c => c.OnEpochEnd(epoch, logs));

    public void TrainBatchBegin(int batch, IDictionary<string, double> logs)
    {
        foreach (Callback c in _callbacks) c.OnTrainBatchBegin(batch, logs);
    }

    public void TrainBatchEnd(int batch, IDictionary<string, double> logs)
    {
        foreach (Callback c in _callbacks) c.OnTrainBatchEnd(batch, logs);
    }

    public void TestBegin(IDictionary<string, double> logs) => Each(c => c.OnTestBegin(logs));

    public void TestEnd(IDictionary<string, double> logs) => Each(c => c.OnTestEnd(logs));

    public void TestBatchBegin(int batch, IDictionary<string, double> logs)
    {
        foreach (Callback c in _callbacks) c.OnTestBatchBegin(batch, logs);
    }

    public void TestBatchEnd(int batch, IDictionary<string, double> logs)
    {
        foreach (Callback c in _callbacks) c.OnTestBatchEnd(batch, logs);
    }

    public void PredictBegin(IDictionary<string, double> logs) => Each(c => c.OnPredictBegin(logs));

    public void PredictEnd(IDictionary<string, double> logs) => Each(c => c.OnPredictEnd(logs));

    public void PredictBatchBegin(int batch, IDictionary<string, double> logs)
    {
        foreach (Callback c in _callbacks) c.OnPredictBatchBegin(batch, logs);
    }

    public void PredictBatchEnd(int batch, IDictionary<string, double> logs)
    {
        foreach (Callback c in _callbacks) c.OnPredictBatchEnd(batch, logs);
    }

    /// <summary>
    /// What a batch-begin hook receives: Keras passes no logs there, and one shared read-only empty
    /// dictionary spares a training step an allocation (batch hooks are written as loops for the same reason).
    /// </summary>
    public static IDictionary<string, double> NoLogs { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, double>(new Dictionary<string, double>());

    private void Each(Action<Callback> hook)
    {
        foreach (Callback c in _callbacks) hook(c);
    }
}
