using Strata.Callbacks;

namespace Strata;

public partial class Model
{
    /// <summary>Trains a single-input, single-output model, as Keras's fit.</summary>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null, bool shuffle = true, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, int initialEpoch = 0,
        IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null) =>
        Fit([x], [y], epochs, batchSize, validationSplit,
            validationData is (Tensor vx, Tensor vy) ? ([vx], [vy]) : null,
            shuffle, verbose, callbacks, initialEpoch, classWeight, sampleWeight);

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over the data and returns the per-epoch logs.
    /// One tensor per model input in <paramref name="x"/>, one per output in <paramref name="y"/>.
    /// <paramref name="validationSplit"/> holds out the last fraction of the samples, before shuffling.
    /// </summary>
    public History Fit(Tensor[] x, Tensor[] y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
        (Tensor[] X, Tensor[] Y)? validationData = null, bool shuffle = true, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, int initialEpoch = 0,
        IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null)
    {
        CompiledTraining compiled = Compiled;
        CheckLoopArguments(batchSize, verbose, "Fit");
        if (epochs < 0 || initialEpoch < 0) throw new ArgumentException($"Fit: epochs ({epochs}) and initialEpoch ({initialEpoch}) must be non-negative.");
        if (!(validationSplit >= 0 && validationSplit < 1)) throw new ArgumentException($"Fit: validationSplit must be in [0, 1), got {validationSplit}.", nameof(validationSplit));
        if (classWeight is not null && sampleWeight is not null) throw new ArgumentException("Fit: give classWeight or sampleWeight, not both.");
        Tensor[] targets = StandardizeTargets(y, compiled, "Fit");
        if (classWeight is not null && targets.Length != 1) throw new ArgumentException("Fit: classWeight needs a single-output model.", nameof(classWeight));
        if (classWeight is not null) sampleWeight = TrainingData.ClassWeights(targets[0], classWeight);

        var data = new TrainingData(StandardizeInputs(x, "Fit"), targets, sampleWeight, "Fit");
        TrainingData? validation = validationData is (Tensor[] vx, Tensor[] vy) ? LabelledData(vx, vy, null, compiled, "Fit (validationData)") : null;
        if (validationSplit > 0 && validation is null) (data, validation) = data.Split(validationSplit);

        var history = new History();
        var parameters = new Dictionary<string, int> { ["epochs"] = epochs, ["steps"] = data.Steps(batchSize), ["verbose"] = verbose };
        var list = new CallbackList(Defaults(callbacks, history, verbose), this, parameters);
        StopTraining = false;
        list.TrainBegin(new Dictionary<string, double>());
        Dictionary<string, double> logs = [];
        for (int epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
        {
            compiled.Reset();
            list.EpochBegin(epoch, new Dictionary<string, double>());
            int step = 0;
            foreach ((Tensor[] bx, Tensor[]? by, Tensor? bw) in data.Batches(batchSize, shuffle))
            {
                list.TrainBatchBegin(step, CallbackList.NoLogs);
                TrainStep(compiled, bx, by!, bw);
                list.TrainBatchEnd(step++, compiled.Logs());
                if (StopTraining) break;
            }
            logs = compiled.Logs();
            if (validation is not null)
            {
                foreach ((string key, double value) in Test(compiled, validation, batchSize, null)) logs["val_" + key] = value;
            }
            list.EpochEnd(epoch, logs);
        }
        list.TrainEnd(logs);
        return history;
    }

    /// <summary>One optimization step: forward, loss, gradients, update, then the running metrics.</summary>
    private void TrainStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        // Build from the data first, as Keras's fit does: the weights must exist before the step asks for
        // their gradients (built inside the first forward pass, they would miss the first update).
        if (!Built) Build(x.Select(t => (int[])[-1, .. t.Shape.Dims[1..]]).ToArray());
        CompiledTrainStep(compiled, x, y, sampleWeight);
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

    /// <summary>The user's callbacks, then History and the progress bar (as Keras's CallbackList adds them).</summary>
    private static IEnumerable<Callback> Defaults(IReadOnlyList<Callback>? callbacks, History? history, int verbose)
    {
        foreach (Callback c in callbacks ?? []) yield return c;
        if (history is not null) yield return history;
        if (verbose > 0 && !(callbacks ?? []).OfType<ProgbarLogger>().Any()) yield return new ProgbarLogger();
    }

    private static void CheckLoopArguments(int batchSize, int verbose, string op)
    {
        if (batchSize <= 0) throw new ArgumentException($"{op}: batchSize must be positive, got {batchSize}.", nameof(batchSize));
        if (verbose is < 0 or > 2) throw new ArgumentException($"{op}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), got {verbose}.", nameof(verbose));
    }
}
