using Strata.Callbacks;

namespace Strata;

public partial class Model
{
    /// <summary>The loss and metrics on test data, as Keras's evaluate(return_dict=True): scores["loss"], scores["accuracy"].</summary>
    /// <example>
    /// <code>
    /// Dictionary&lt;string, double&gt; scores = model.Evaluate(xTest, yTest);
    /// Console.WriteLine($"test_acc: {scores["accuracy"]:F4}");
    /// </code>
    /// </example>
    public Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32, int verbose = 1,
        Tensor? sampleWeight = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Evaluate([x], [y], batchSize, verbose, sampleWeight, callbacks, cancellationToken);

    /// <summary>
    /// The loss and metrics of a model with several inputs or outputs. <paramref name="cancellationToken"/> stops the pass
    /// between two batches with <see cref="OperationCanceledException"/> (Predict's too); the model is left as it was.
    /// </summary>
    public Dictionary<string, double> Evaluate(Tensor[] x, Tensor[] y, int batchSize = 32, int verbose = 1,
        Tensor? sampleWeight = null, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        CompiledTraining compiled = Compiled;
        CheckLoopArguments(batchSize, verbose, "Evaluate");
        TrainingData data = LabelledData(x, y, sampleWeight, compiled, "Evaluate");
        return EvaluateLoop(compiled, BatchSource.Of(data, batchSize, false), verbose, callbacks, cancellationToken);
    }

    private Dictionary<string, double> EvaluateLoop(CompiledTraining compiled, BatchSource data, int verbose, IReadOnlyList<Callback>? callbacks, CancellationToken cancellationToken)
    {
        if (data.Infinite) throw new ArgumentException("Evaluate: the dataset repeats forever; give steps.", "steps");
        var list = new CallbackList(Defaults(callbacks, null, verbose), this, LoopParameters(data, verbose));
        return Test(compiled, data, list, cancellationToken);
    }

    /// <summary>The outputs for a batch of inputs, computed in batches (inference mode: no dropout).</summary>
    /// <example>
    /// <code>
    /// Tensor predictions = model.Predict(xTest[..10]);        // (10, 10): class probabilities per digit
    /// int predicted = Ops.ArgMax(predictions[0]).Item&lt;int&gt;();
    /// </code>
    /// </example>
    public Tensor Predict(Tensor x, int batchSize = 32, int verbose = 1, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default) =>
        Single(Predict([x], batchSize, verbose, callbacks, cancellationToken), "Predict");

    /// <summary>One tensor per output, for models with several inputs or outputs.</summary>
    public Tensor[] Predict(Tensor[] x, int batchSize = 32, int verbose = 1, IReadOnlyList<Callback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        CheckLoopArguments(batchSize, verbose, "Predict");
        Tensor[] inputs = StandardizeInputs(x, "Predict");
        return Distributed.ProcessGroup.Spread is Distributed.ProcessGroup group
            ? PredictShared(group, inputs, batchSize, verbose, callbacks, cancellationToken)
            : PredictAll(inputs, batchSize, verbose, callbacks, cancellationToken);
    }

    /// <summary>Predict on every sample given, in this process.</summary>
    private Tensor[] PredictAll(Tensor[] inputs, int batchSize, int verbose, IReadOnlyList<Callback>? callbacks, CancellationToken cancellationToken)
    {
        var data = new TrainingData(inputs, null, null, "Predict");
        // Nothing to report to: the compiled pass straight into the result, without a callback list.
        if (verbose == 0 && (callbacks is null || callbacks.Count == 0) && !cancellationToken.CanBeCanceled) return PredictInto(data.X, batchSize);
        return PredictLoop(BatchSource.Of(data, batchSize, false), verbose, callbacks, cancellationToken);
    }

    /// <summary>
    /// Data-parallel Predict: each rank predicts its shard of the samples, and every rank gets all the predictions (the
    /// shards placed in zeros, summed over the ranks).
    /// </summary>
    private Tensor[] PredictShared(Distributed.ProcessGroup group, Tensor[] inputs, int batchSize, int verbose, IReadOnlyList<Callback>? callbacks, CancellationToken cancellationToken)
    {
        int rows = inputs[0].Rank == 0 ? 0 : inputs[0].Shape[0];
        (int start, int end) = group.ShardOf(rows);
        Tensor[] shard = PredictAll([.. inputs.Select(t => t[start..end])], batchSize, verbose, callbacks, cancellationToken);
        return [.. shard.Select(part =>
        {
            if (part.DType != DType.Float32) throw new NotSupportedException($"Predict: data-parallel predictions must be float32 to gather, got {part.DType.Name()}.");
            int perSample = part.Size / (end - start); // a shard has at least one sample
            var all = new float[rows * perSample];
            part.Data<float>().CopyTo(all.AsSpan(start * perSample));
            group.Sum(all);
            return Tensor.FromArray(all, [rows, .. part.Shape.Dims[1..]]);
        })];
    }

    private Tensor[] PredictLoop(BatchSource data, int verbose, IReadOnlyList<Callback>? callbacks, CancellationToken cancellationToken)
    {
        if (data.Infinite) throw new ArgumentException("Predict: the dataset repeats forever; give steps.", "steps");
        var list = new CallbackList(Defaults(callbacks, null, verbose), this, LoopParameters(data, verbose));
        list.PredictBegin(new Dictionary<string, double>());
        var batches = new List<Tensor[]>();
        int step = 0;
        foreach ((Tensor[] bx, _, _) in data.Pass())
        {
            cancellationToken.ThrowIfCancellationRequested();
            list.PredictBatchBegin(step, CallbackList.NoLogs);
            batches.Add(CompiledPredict(bx));
            list.PredictBatchEnd(step++, new Dictionary<string, double>());
        }
        list.PredictEnd(new Dictionary<string, double>());
        if (batches.Count == 0) throw new ArgumentException("Predict: the data gave no batches; give at least one.");
        int outputs = batches[0].Length;
        return Enumerable.Range(0, outputs).Select(o => batches.Count == 1 ? batches[0][o] : Ops.Concat(batches.Select(b => b[o]).ToArray())).ToArray();
    }

    /// <summary>One training step on one batch; returns the batch's loss and metrics.</summary>
    public Dictionary<string, double> TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) => TrainOnBatch([x], [y], sampleWeight);

    /// <summary>One training step on one batch of a multi-input or multi-output model (one tensor per input, one per output); returns the batch's loss and metrics.</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> TrainOnBatch(Tensor[] x, Tensor[] y, Tensor? sampleWeight = null)
    {
        CompiledTraining compiled = Compiled;
        TrainingData data = LabelledData(x, y, sampleWeight, compiled, "TrainOnBatch");
        compiled.Reset();
        TrainStep(compiled, data.X, data.Y!, data.SampleWeight);
        return compiled.Logs();
    }

    /// <summary>The loss and metrics of one batch, without training.</summary>
    public Dictionary<string, double> TestOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) => TestOnBatch([x], [y], sampleWeight);

    /// <summary>The loss and metrics of one batch of a multi-input or multi-output model (one tensor per input, one per output), without training.</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> TestOnBatch(Tensor[] x, Tensor[] y, Tensor? sampleWeight = null)
    {
        CompiledTraining compiled = Compiled;
        TrainingData data = LabelledData(x, y, sampleWeight, compiled, "TestOnBatch");
        compiled.Reset();
        TestStep(compiled, data.X, data.Y!, data.SampleWeight);
        return compiled.Logs();
    }

    /// <summary>A pass over test data in batches; metrics restart at its beginning (training's are recomputed next epoch).</summary>
    private Dictionary<string, double> Test(CompiledTraining compiled, BatchSource data, CallbackList? list, CancellationToken cancellationToken)
    {
        // Data parallelism: each rank evaluates its shard of every batch; the running sums add up over the ranks.
        if (Distributed.ProcessGroup.Spread is Distributed.ProcessGroup group) data = data.Shard(group);
        compiled.Reset();
        list?.TestBegin(new Dictionary<string, double>());
        int step = 0;
        foreach ((Tensor[] bx, Tensor[]? by, Tensor? bw) in data.Pass())
        {
            cancellationToken.ThrowIfCancellationRequested();
            list?.TestBatchBegin(step, CallbackList.NoLogs);
            TestStep(compiled, bx, by!, bw);
            list?.TestBatchEnd(step++, compiled.Logs());
        }
        Dictionary<string, double> logs = compiled.Logs();
        list?.TestEnd(logs);
        return logs;
    }

    private static Dictionary<string, int> LoopParameters(BatchSource data, int verbose)
    {
        var parameters = new Dictionary<string, int> { ["epochs"] = 1, ["verbose"] = verbose };
        if (data.Steps is int steps) parameters["steps"] = steps;
        return parameters;
    }

    private void TestStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        CompiledTestStep(compiled, x, y, sampleWeight);
    }

    /// <summary>The evaluation step op by op (what a compiled step traces).</summary>
    private void EagerTestStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        Tensor[] predictions = CallOutputs(x);
        (Tensor total, Tensor[] perOutput) = compiled.ComputeLoss(y, predictions, sampleWeight, Losses);
        compiled.Update(y, predictions, sampleWeight, total, perOutput, x[0].Shape[0]);
    }
}
