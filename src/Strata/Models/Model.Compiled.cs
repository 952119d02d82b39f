using Strata.Compilation;
using Strata.Layers;

namespace Strata;

public partial class Model
{
    private CompiledStep? _trainFunction, _testFunction, _predictFunction;
    private CompiledTraining? _functionsCompiled;
    private bool[] _layerFlags = [];

    /// <summary>Whether Fit, Evaluate, Predict and the batch methods compile their steps (tests turn it off to compare with eager).</summary>
    internal bool CompilationEnabled { get; set; } = true;

    internal CompiledStep? PredictStepFunction => _predictFunction;

    /// <summary>
    /// The compiled training step Fit and TrainOnBatch run, as Keras's <c>model.train_function</c>:
    /// its <c>ToString()</c> prints each compiled graph (ops, shapes, buffers). Null before Compile.
    /// </summary>
    public string? TrainFunction => _trainFunction is null ? null : Describe(_trainFunction);

    /// <summary>The compiled evaluation step (<c>model.test_function</c>), printed.</summary>
    public string? TestFunction => _testFunction is null ? null : Describe(_testFunction);

    /// <summary>The compiled forward pass Predict runs (<c>model.predict_function</c>), printed.</summary>
    public string? PredictFunction => _predictFunction is null ? null : Describe(_predictFunction);

    internal CompiledStep? TrainStepFunction => _trainFunction;

    internal CompiledStep? TestStepFunction => _testFunction;

    /// <summary>
    /// The step functions for this compilation: forward, loss, gradients, update and metrics as one
    /// traced graph each, recompiled when Compile is called again or a layer is frozen or unfrozen.
    /// </summary>
    private void PrepareFunctions(CompiledTraining? compiled)
    {
        if (!FlagsUnchanged())
        {
            _trainFunction?.Clear();
            _testFunction?.Clear();
            _predictFunction?.Clear();
        }
        if (compiled is not null && !ReferenceEquals(compiled, _functionsCompiled))
        {
            _functionsCompiled = compiled;
            int inputs = InputCount;
            _trainFunction = new CompiledStep($"model '{Name}' (train step)", args =>
            {
                (Tensor[] x, Tensor[] y, Tensor? w) = Unpack(args, inputs, compiled.OutputCount);
                EagerTrainStep(compiled, x, y, w);
                return [];
            });
            _testFunction = new CompiledStep($"model '{Name}' (test step)", args =>
            {
                (Tensor[] x, Tensor[] y, Tensor? w) = Unpack(args, inputs, compiled.OutputCount);
                EagerTestStep(compiled, x, y, w);
                return [];
            });
        }
        _predictFunction ??= new CompiledStep($"model '{Name}' (predict)", x => Run(x, training: false));
        bool enabled = CompilationEnabled;
        _trainFunction?.Enabled = enabled;
        _testFunction?.Enabled = enabled;
        _predictFunction.Enabled = enabled;
    }

    /// <summary>The number of model inputs a step takes (one for a Sequential model).</summary>
    private int InputCount => this is Sequential || IsSubclassed ? 1 : _inputs.Length;

    private void CompiledTrainStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        PrepareFunctions(compiled);
        _trainFunction!.Run(Pack(x, y, sampleWeight));
    }

    private void CompiledTestStep(CompiledTraining compiled, Tensor[] x, Tensor[] y, Tensor? sampleWeight)
    {
        PrepareFunctions(compiled);
        _testFunction!.Run(Pack(x, y, sampleWeight));
    }

    /// <summary>The model's outputs for a batch, as new tensors (a replay's outputs are the step's own buffers).</summary>
    private Tensor[] CompiledPredict(Tensor[] x)
    {
        if (!Built) EnsureBuilt(x.Select(t => t.Shape.ToArray()).ToArray());
        PrepareFunctions(null);
        return _predictFunction!.Run(x, outputs => Trace.Active ? outputs : outputs.Select(o => o.Copy()).ToArray());
    }

    /// <summary>Predict without callbacks: batch by batch through the compiled forward pass, each batch's outputs copied into the result.</summary>
    private Tensor[] PredictInto(Tensor[] x, int batchSize)
    {
        if (!Built) EnsureBuilt(x.Select(t => (int[])[-1, .. t.Shape.Dims[1..]]).ToArray());
        PrepareFunctions(null);
        int n = x[0].Shape[0];
        Tensor[]? results = null;
        for (int start = 0; start < n; start += batchSize)
        {
            int rows = Math.Min(batchSize, n - start);
            Tensor[] batch = rows == n ? x : x.Select(t => BatchOrigin.Mark(t.View(Shape.Own([rows, .. t.Shape.Dims[1..]]), start * (t.Size / n)), t, null, start, x)).ToArray();
            results = _predictFunction!.Run(batch, outputs =>
            {
                Tensor[] into = results ?? outputs.Select(o => new Tensor(Shape.Own([n, .. o.Shape.Dims[1..]]), o.DType)).ToArray();
                for (int i = 0; i < outputs.Length; i++)
                {
                    Tensor o = outputs[i];
                    System.Array.Copy(o.Buffer, o.Offset, into[i].Buffer, start * (o.Size / rows), o.Size);
                }
                return into;
            });
        }
        return results!;
    }

    private static Tensor[] Pack(Tensor[] x, Tensor[] y, Tensor? sampleWeight) =>
        sampleWeight is null ? [.. x, .. y] : [.. x, .. y, sampleWeight];

    private static (Tensor[] X, Tensor[] Y, Tensor? SampleWeight) Unpack(Tensor[] args, int inputs, int outputs) =>
        (args[..inputs], args[inputs..(inputs + outputs)], args.Length > inputs + outputs ? args[^1] : null);

    /// <summary>Whether the Trainable flags of the model and its layers are as when the steps were traced (they decide which gradients exist).</summary>
    private bool FlagsUnchanged()
    {
        int count = 0;
        bool same = Walk(this, ref count, compare: true);
        if (same && count == _layerFlags.Length) return true;
        _layerFlags = new bool[count];
        count = 0;
        Walk(this, ref count, compare: false);
        return false;
    }

    private bool Walk(Layer layer, ref int index, bool compare)
    {
        bool same = true;
        if (compare) same = index < _layerFlags.Length && _layerFlags[index] == layer.Trainable;
        else _layerFlags[index] = layer.Trainable;
        index++;
        if (layer is Model model)
        {
            IReadOnlyList<Layer> layers = model.LayerList;
            for (int i = 0; i < layers.Count; i++) same &= Walk(layers[i], ref index, compare); // not foreach: no enumerator per step
        }
        return same;
    }

    /// <summary>The layers without a copy (Sequential's <see cref="Layers"/> builds a new array).</summary>
    private protected virtual IReadOnlyList<Layer> LayerList => _layers;

    private static string Describe(CompiledStep step)
    {
        string graphs = string.Join(Environment.NewLine, step.Executables.Select(e => e.ToString()));
        string eager = string.Join(Environment.NewLine, step.EagerReasons.Select(r => $"eager: {r}"));
        return graphs.Length + eager.Length == 0 ? "(not traced yet)" : graphs + eager;
    }
}
