using Strata.Callbacks;

namespace Strata;

// Fit, Evaluate and Predict over a dataset of batches (or any sequence of them), as Keras's fit(dataset).
public partial class Model
{
    /// <summary>
    /// Trains on a dataset of (inputs, targets) batches, as Keras's fit(dataset): each epoch is one pass,
    /// or <paramref name="stepsPerEpoch"/> batches of a pass that goes on across epochs. Any sequence of
    /// batches serves, e.g. a generator method. Batch size and shuffling are the dataset's.
    /// </summary>
    public History Fit(IEnumerable<(Tensor X, Tensor Y)> data, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, IEnumerable<(Tensor X, Tensor Y)>? validationData = null,
        int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null, IReadOnlyDictionary<int, float>? classWeight = null, CancellationToken cancellationToken = default) =>
        Fit(data, b => LabelledBatch([b.X], [b.Y], null, classWeight, "Fit"), validationData, b => LabelledBatch([b.X], [b.Y], null, null, "Fit (validationData)"),
            epochs, verbose, callbacks, initialEpoch, stepsPerEpoch, validationSteps, cancellationToken);

    /// <summary>Trains on a dataset of (inputs, targets, sample weights) batches.</summary>
    public History Fit(IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> data, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)>? validationData = null,
        int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null, CancellationToken cancellationToken = default) =>
        Fit(data, b => LabelledBatch([b.X], [b.Y], b.SampleWeight, null, "Fit"), validationData, b => LabelledBatch([b.X], [b.Y], b.SampleWeight, null, "Fit (validationData)"),
            epochs, verbose, callbacks, initialEpoch, stepsPerEpoch, validationSteps, cancellationToken);

    /// <summary>Trains a model with several inputs or outputs on a dataset of (inputs, targets) batches.</summary>
    public History Fit(IEnumerable<(Tensor[] X, Tensor[] Y)> data, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, IEnumerable<(Tensor[] X, Tensor[] Y)>? validationData = null,
        int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null, CancellationToken cancellationToken = default) =>
        Fit(data, b => LabelledBatch(b.X, b.Y, null, null, "Fit"), validationData, b => LabelledBatch(b.X, b.Y, null, null, "Fit (validationData)"),
            epochs, verbose, callbacks, initialEpoch, stepsPerEpoch, validationSteps, cancellationToken);

    /// <summary>The loss and metrics over a dataset of (inputs, targets) batches; <paramref name="steps"/> limits the batches read.</summary>
    public Dictionary<string, double> Evaluate(IEnumerable<(Tensor X, Tensor Y)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        EvaluateLoop(Compiled, BatchSource.Of(data, b => LabelledBatch([b.X], [b.Y], null, null, "Evaluate"), "Evaluate").Limit(Positive(steps, "Evaluate")), verbose, callbacks, cancellationToken);

    /// <summary>The loss and metrics over a dataset of (inputs, targets, sample weights) batches.</summary>
    public Dictionary<string, double> Evaluate(IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        EvaluateLoop(Compiled, BatchSource.Of(data, b => LabelledBatch([b.X], [b.Y], b.SampleWeight, null, "Evaluate"), "Evaluate").Limit(Positive(steps, "Evaluate")), verbose, callbacks, cancellationToken);

    /// <summary>The loss and metrics of a model with several inputs or outputs over a dataset of batches.</summary>
    public Dictionary<string, double> Evaluate(IEnumerable<(Tensor[] X, Tensor[] Y)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        EvaluateLoop(Compiled, BatchSource.Of(data, b => LabelledBatch(b.X, b.Y, null, null, "Evaluate"), "Evaluate").Limit(Positive(steps, "Evaluate")), verbose, callbacks, cancellationToken);

    /// <summary>The outputs for a dataset of input batches, concatenated; <paramref name="steps"/> limits the batches read.</summary>
    public Tensor Predict(IEnumerable<Tensor> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Single(PredictLoop(BatchSource.Of(data, b => InputBatch([b]), "Predict").Limit(Positive(steps, "Predict")), verbose, callbacks, cancellationToken), "Predict");

    /// <summary>The outputs for a dataset of (inputs, targets) batches: the targets are ignored, as Keras's predict does.</summary>
    public Tensor Predict(IEnumerable<(Tensor X, Tensor Y)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Single(PredictLoop(BatchSource.Of(data, b => InputBatch([b.X]), "Predict").Limit(Positive(steps, "Predict")), verbose, callbacks, cancellationToken), "Predict");

    private History Fit<T>(IEnumerable<T> data, Func<T, (Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)> standardize,
        IEnumerable<T>? validationData, Func<T, (Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)> standardizeValidation,
        int epochs, int verbose, IReadOnlyList<Callback>? callbacks, int initialEpoch, int? stepsPerEpoch, int? validationSteps, CancellationToken cancellationToken)
    {
        CompiledTraining compiled = Compiled;
        CheckLoopArguments(1, verbose, "Fit");
        BatchSource train = BatchSource.Of(data, standardize, "Fit");
        BatchSource? validation = validationData is null ? null
            : BatchSource.Of(validationData, standardizeValidation, "Fit (validationData)").Limit(Positive(validationSteps, "Fit"));
        return FitLoop(compiled, train, validation, epochs, verbose, callbacks, initialEpoch, stepsPerEpoch, cancellationToken);
    }

    /// <summary>One batch of a dataset, checked and converted as Fit checks whole arrays.</summary>
    private (Tensor[] X, Tensor[]? Y, Tensor? SampleWeight) LabelledBatch(Tensor[] x, Tensor[] y, Tensor? sampleWeight,
        IReadOnlyDictionary<int, float>? classWeight, string op)
    {
        CompiledTraining compiled = Compiled;
        Tensor[] targets = StandardizeTargets(y, compiled, op);
        if (classWeight is not null)
        {
            if (targets.Length != 1) throw new ArgumentException($"{op}: classWeight needs a single-output model.", nameof(classWeight));
            sampleWeight = TrainingData.ClassWeights(targets[0], classWeight);
        }
        var batch = new TrainingData(StandardizeInputs(x, op), targets, sampleWeight, op);
        return (batch.X, batch.Y, batch.SampleWeight);
    }

    private (Tensor[] X, Tensor[]? Y, Tensor? SampleWeight) InputBatch(Tensor[] x) =>
        (new TrainingData(StandardizeInputs(x, "Predict"), null, null, "Predict").X, null, null);

    private static int? Positive(int? steps, string op) =>
        steps <= 0 ? throw new ArgumentException($"{op}: steps must be positive, got {steps}.", nameof(steps)) : steps;
}
