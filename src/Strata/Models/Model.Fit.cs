using Strata.Callbacks;

namespace Strata;

public partial class Model
{
    /// <summary>
    /// Trains a single-input, single-output model, as Keras's fit: <paramref name="epochs"/> passes over the data in
    /// shuffled batches, and returns the per-epoch logs (loss, metrics, and their "val_" values when validating).
    /// </summary>
    /// <param name="x">The inputs, samples on the first axis.</param>
    /// <param name="y">The targets, one per sample: class indices, one-hot rows or values, as the loss expects.</param>
    /// <param name="epochs">The number of passes over the data (Keras's default 1).</param>
    /// <param name="batchSize">Samples per gradient update (Keras's default 32).</param>
    /// <param name="validationSplit">The fraction of the samples, taken from the end before shuffling, held out for validation.</param>
    /// <param name="validationData">Held-out (inputs, targets) evaluated after each epoch, instead of a split.</param>
    /// <param name="shuffle">Whether to shuffle the samples before each epoch.</param>
    /// <param name="verbose">0 silent, 1 a progress bar (one line per epoch when the output is not a terminal), 2 one line per epoch.</param>
    /// <param name="callbacks">Called at each epoch and batch: <see cref="Callbacks.EarlyStopping"/>, <see cref="Callbacks.ModelCheckpoint"/>...</param>
    /// <param name="initialEpoch">The epoch to start counting from, to resume an earlier run.</param>
    /// <param name="classWeight">A weight per class index, scaling each sample's loss by its class's weight.</param>
    /// <param name="sampleWeight">A weight per sample (n,), scaling its loss.</param>
    /// <param name="cancellationToken">Stops training between two steps; see the multi-input overload.</param>
    /// <example>
    /// <code>
    /// History history = model.Fit(xTrain, yTrain, epochs: 20, batchSize: 512, validationData: (xVal, yVal));
    /// IReadOnlyList&lt;double&gt; valLoss = history["val_loss"];   // Keras: history.history["val_loss"]
    /// </code>
    /// </example>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null, bool shuffle = true, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, int initialEpoch = 0,
        IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null, CancellationToken cancellationToken = default) =>
        Fit([x], [y], epochs, batchSize, validationSplit,
            validationData is (Tensor vx, Tensor vy) ? ([vx], [vy]) : null,
            shuffle, verbose, callbacks, initialEpoch, classWeight, sampleWeight, cancellationToken);

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over the data and returns the per-epoch logs.
    /// One tensor per model input in <paramref name="x"/>, one per output in <paramref name="y"/>.
    /// <paramref name="validationSplit"/> holds out the last fraction of the samples, before shuffling.
    /// <paramref name="cancellationToken"/> stops training between two steps (never inside one, so the weights and the
    /// optimizer's state are those of the last step taken): the epoch ends there, callbacks get their train-end call,
    /// and Fit throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public History Fit(Tensor[] x, Tensor[] y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor[] X, Tensor[] Y)? validationData = null, bool shuffle = true, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, int initialEpoch = 0,
        IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null, CancellationToken cancellationToken = default)
    {
        CompiledTraining compiled = Compiled;
        CheckLoopArguments(batchSize, verbose, "Fit");
        if (!(validationSplit >= 0 && validationSplit < 1)) throw new ArgumentException($"Fit: validationSplit must be in [0, 1), got {validationSplit}.", nameof(validationSplit));
        if (classWeight is not null && sampleWeight is not null) throw new ArgumentException("Fit: give classWeight or sampleWeight, not both.");
        Tensor[] targets = StandardizeTargets(y, compiled, "Fit");
        if (classWeight is not null && targets.Length != 1) throw new ArgumentException("Fit: classWeight needs a single-output model.", nameof(classWeight));
        if (classWeight is not null) sampleWeight = TrainingData.ClassWeights(targets[0], classWeight);

        var data = new TrainingData(StandardizeInputs(x, "Fit"), targets, sampleWeight, "Fit");
        TrainingData? validation = validationData is (Tensor[] vx, Tensor[] vy) ? LabelledData(vx, vy, null, compiled, "Fit (validationData)") : null;
        if (validationSplit > 0 && validation is null) (data, validation) = data.Split(validationSplit);

        return FitLoop(compiled, BatchSource.Of(data, batchSize, shuffle), validation is null ? null : BatchSource.Of(validation, batchSize, false),
            epochs, verbose, callbacks, initialEpoch, stepsPerEpoch: null, cancellationToken);
    }

    /// <summary>
    /// The epochs of Fit over any source of batches. Without <paramref name="stepsPerEpoch"/> each epoch is
    /// one pass; with it, epochs take that many batches from one pass that goes on across epochs (as Keras),
    /// and training stops with a warning if the pass ends first.
    /// </summary>
    private History FitLoop(CompiledTraining compiled, BatchSource train, BatchSource? validation, int epochs, int verbose,
        IReadOnlyList<Callback>? callbacks, int initialEpoch, int? stepsPerEpoch, CancellationToken cancellationToken)
    {
        if (epochs < 0 || initialEpoch < 0) throw new ArgumentException($"Fit: epochs ({epochs}) and initialEpoch ({initialEpoch}) must be non-negative.");
        if (stepsPerEpoch <= 0) throw new ArgumentException($"Fit: stepsPerEpoch must be positive, got {stepsPerEpoch}.", nameof(stepsPerEpoch));
        if (train.Infinite && stepsPerEpoch is null) throw new ArgumentException("Fit: the dataset repeats forever; give stepsPerEpoch so that an epoch ends.", nameof(stepsPerEpoch));
        if (validation is { Infinite: true }) throw new ArgumentException("Fit: the validation dataset repeats forever; give validationSteps.", "validationSteps");
        var history = new History();
        var parameters = new Dictionary<string, int> { ["epochs"] = epochs, ["verbose"] = verbose };
        if ((stepsPerEpoch ?? train.Steps) is int steps) parameters["steps"] = steps;
        var list = new CallbackList(Defaults(callbacks, history, verbose), this, parameters);
        // Data parallelism: this rank trains on its shard of every batch, from rank 0's weights.
        Distributed.ProcessGroup? group = Distributed.ProcessGroup.Spread;
        if (group is not null) train = train.Shard(group);
        bool weightsShared = group is null;
        StopTraining = false;
        list.TrainBegin(new Dictionary<string, double>());
        Dictionary<string, double> logs = [];
        IEnumerator<(Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)>? ongoing = null;
        bool cancelled = false;
        try
        {
            for (int epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
            {
                compiled.Reset();
                list.EpochBegin(epoch, new Dictionary<string, double>());
                int step = 0;
                IEnumerator<(Tensor[] X, Tensor[]? Y, Tensor? SampleWeight)> batches = stepsPerEpoch is null ? train.Pass().GetEnumerator() : ongoing ??= train.Pass().GetEnumerator();
                try
                {
                    while ((stepsPerEpoch is null || step < stepsPerEpoch) && !(cancelled = cancellationToken.IsCancellationRequested) && batches.MoveNext())
                    {
                        (Tensor[] bx, Tensor[]? by, Tensor? bw) = batches.Current;
                        list.TrainBatchBegin(step, CallbackList.NoLogs);
                        if (!weightsShared)
                        {
                            ShareWeights(group!, bx);
                            weightsShared = true;
                        }
                        TrainStep(compiled, bx, by!, bw);
                        list.TrainBatchEnd(step++, compiled.Logs());
                        if (StopTraining) break;
                    }
                }
                finally
                {
                    if (stepsPerEpoch is null) batches.Dispose();
                }
                if (cancelled) break;
                if (stepsPerEpoch is int wanted && step < wanted && !StopTraining)
                {
                    Engine.Warnings.WriteLine($"Warning: Fit: the data ran out after {step} of {wanted} steps in epoch {epoch + 1}; training stops. Make sure it gives at least stepsPerEpoch * epochs batches (Repeat() makes a dataset endless).");
                    StopTraining = true;
                    if (step == 0) break;
                }
                logs = compiled.Logs();
                if (validation is not null)
                {
                    foreach ((string key, double value) in Test(compiled, validation, null, cancellationToken)) logs["val_" + key] = value;
                }
                list.EpochEnd(epoch, logs);
            }
        }
        finally
        {
            ongoing?.Dispose();
            group?.Share = null; // a custom loop after Fit weighs each rank 1 / N again
        }
        if (cancelled) logs = compiled.Logs(); // the partial epoch's, for the callbacks
        list.TrainEnd(logs);
        cancellationToken.ThrowIfCancellationRequested();
        return history;
    }

    /// <summary>One optimization step: forward, loss, gradients, update, then the running metrics.</summary>
    private void TrainStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        BuildFrom(x);
        CompiledTrainStep(compiled, x, y, sampleWeight);
    }

    /// <summary>
    /// Builds from the data first, as Keras's fit does: the weights must exist before the step asks for their gradients
    /// (built inside the first forward pass, they would miss the first update).
    /// </summary>
    private void BuildFrom(Tensor[] x)
    {
        if (!Built) EnsureBuilt(x.Select(t => (int[])[-1, .. t.Shape.Dims[1..]]).ToArray());
    }

    /// <summary>Every rank starts from rank 0's weights (each may have drawn its own): copied to all before the first step.</summary>
    private void ShareWeights(Distributed.ProcessGroup group, Tensor[] x)
    {
        BuildFrom(x);
        foreach (Variable w in Weights.Where(w => w.DType == DType.Float32))
        {
            float[] values = w.ToArray<float>();
            group.Broadcast(values);
            values.CopyTo(w.Span<float>());
        }
    }

    /// <summary>The training step op by op: what a compiled step traces, and the reference it must match.</summary>
    private void EagerTrainStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        Tensor[] predictions;
        Tensor total;
        Tensor[] perOutput;
        Tensor[] gradients;
        IReadOnlyList<Variable> weights = TrainableWeights;
        using (var tape = new GradientTape())
        {
            predictions = Run(x, training: true);
            (total, perOutput) = compiled.ComputeLoss(y, predictions, sampleWeight, Losses);
            gradients = tape.Gradient(total, weights);
        }
        compiled.Optimizer.ApplyGradients(gradients, weights);
        compiled.Update(y, predictions, sampleWeight, total, perOutput, x[0].Shape[0]);
    }

    /// <summary>
    /// The user's callbacks, then History and the progress bar (as Keras's CallbackList adds them). In data-parallel
    /// training only rank 0 prints and writes files: the other ranks leave out the progress bar and the callbacks that
    /// write (checkpoints, CSV logs); the rest (early stopping, learning-rate schedules) run on every rank, on the same logs.
    /// </summary>
    private static IEnumerable<Callback> Defaults(IReadOnlyList<Callback>? callbacks, History? history, int verbose)
    {
        bool chief = Distributed.ProcessGroup.Spread is not { IsChief: false };
        foreach (Callback c in callbacks ?? [])
        {
            if (chief || c is not (IWritesFiles or ProgbarLogger)) yield return c;
        }
        if (history is not null) yield return history;
        if (chief && verbose > 0 && !(callbacks ?? []).OfType<ProgbarLogger>().Any()) yield return new ProgbarLogger();
    }

    private static void CheckLoopArguments(int batchSize, int verbose, string op)
    {
        if (batchSize <= 0) throw new ArgumentException($"{op}: batchSize must be positive, got {batchSize}.", nameof(batchSize));
        if (verbose is < 0 or > 2) throw new ArgumentException($"{op}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), got {verbose}.", nameof(verbose));
    }
}
