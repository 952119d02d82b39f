using Strata.Callbacks;

namespace Strata;

// Inputs and targets by name, as Keras's fit({"title": …, "body": …}, {"priority": …, "department": …}).
public partial class Model
{
    /// <summary>Trains a model on inputs named by its <see cref="Inputs"/>' names and targets named by its <see cref="OutputNames"/>.</summary>
    public History Fit(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (IReadOnlyDictionary<string, Tensor> X, IReadOnlyDictionary<string, Tensor> Y)? validationData = null, bool shuffle = true, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, int initialEpoch = 0, Tensor? sampleWeight = null, CancellationToken cancellationToken = default) =>
        Fit(ByInputName(x, "Fit"), ByOutput(y, "Fit"), epochs, batchSize, validationSplit,
            validationData is var (vx, vy) ? (ByInputName(vx, "Fit (validationData)"), ByOutput(vy, "Fit (validationData)")) : null,
            shuffle, verbose, callbacks, initialEpoch, classWeight: null, sampleWeight, cancellationToken);

    /// <summary>The loss and metrics on inputs and targets by name.</summary>
    public Dictionary<string, double> Evaluate(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int verbose = 1,
        Tensor? sampleWeight = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Evaluate(ByInputName(x, "Evaluate"), ByOutput(y, "Evaluate"), batchSize, verbose, sampleWeight, callbacks, cancellationToken);

    /// <summary>The outputs for inputs by name, each under its output's name.</summary>
    public Dictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> x, int batchSize = 32, int verbose = 1, IReadOnlyList<Callback>? callbacks = null,
        CancellationToken cancellationToken = default)
    {
        Tensor[] outputs = Predict(ByInputName(x, "Predict"), batchSize, verbose, callbacks, cancellationToken);
        return OutputNames.Select((name, i) => (name, outputs[i])).ToDictionary(p => p.name, p => p.Item2);
    }

    /// <summary>One tensor per model input, in order, from a dictionary by input name.</summary>
    private Tensor[] ByInputName(IReadOnlyDictionary<string, Tensor> byName, string op) => ByName(byName, _inputs.Select(i => i.Name).ToArray(), "input", op);

    private Tensor[] ByOutput(IReadOnlyDictionary<string, Tensor> byName, string op) => ByName(byName, [.. OutputNames], "output", op);

    private Tensor[] ByName(IReadOnlyDictionary<string, Tensor> byName, string[] names, string what, string op)
    {
        ArgumentNullException.ThrowIfNull(byName);
        if (names.Length == 0) throw new InvalidOperationException($"{op}: model '{Name}' has no named {what}s; pass arrays instead.");
        string? unknown = byName.Keys.FirstOrDefault(k => !names.Contains(k));
        if (unknown is not null) throw new ArgumentException($"{op}: model '{Name}' has no {what} named '{unknown}'; its {what}s: {string.Join(", ", names)}.");
        return names.Select(n => byName.TryGetValue(n, out Tensor? t) ? t : throw new ArgumentException($"{op}: no data for {what} '{n}' of model '{Name}'.")).ToArray();
    }
}
