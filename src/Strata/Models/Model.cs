using Strata.Layers;

namespace Strata;

/// <summary>
/// A model, as keras.Model: a graph of layers from <see cref="Inputs"/> to <see cref="Outputs"/>
/// (the functional API), trained with Compile/Fit and used with Evaluate/Predict. A model is
/// itself a layer, so it can be called inside another model.
/// <para>
/// Threads: a trained model may serve several threads at once through <see cref="Predict(Tensor, int, int, IReadOnlyList{Callbacks.Callback}?, CancellationToken)"/>
/// and <see cref="Layer.Call(Tensor, bool?)"/>: each call gets exactly what it would get alone (one call at a time replays
/// the compiled pass, the others run it op by op). Fit, Evaluate, TrainOnBatch, Compile, SetWeights and loading change
/// the model's state: none of them may run while another thread uses the model.
/// </para>
/// </summary>
/// <example>
/// <code>
/// // The functional API: call layers on symbolic inputs, then wrap inputs and outputs in a Model.
/// var inputs = new Input([28 * 28]);
/// SymbolicTensor features = new Dense(64, activation: "relu").Call(inputs);
/// SymbolicTensor outputs = new Dense(10, activation: "softmax").Call(features);
/// var model = new Model([inputs], [outputs]);
/// model.Summary();
/// </code>
/// </example>
public partial class Model : Layer
{
    private readonly SymbolicTensor[] _inputs = [];
    private readonly SymbolicTensor[] _outputs = [];
    private readonly SymbolicTensor[] _steps = [];
    private readonly Layer[] _layers = [];

    /// <summary>A functional model: the layers that lead from the inputs to the outputs.</summary>
    public Model(IReadOnlyList<SymbolicTensor> inputs, IReadOnlyList<SymbolicTensor> outputs, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Count == 0 || outputs.Count == 0) throw new ArgumentException("Model: needs at least one input and one output.");
        if (inputs.Any(i => i is not Input)) throw new ArgumentException("Model: every input must be an Input (new Input(shape: [...])).", nameof(inputs));
        _inputs = [.. inputs];
        _outputs = [.. outputs];
        _steps = TopologicalOrder(_inputs, _outputs);
        _layers = _steps.Select(s => s.Layer!).Distinct().ToArray();
        CheckUniqueNames(_layers);
        EnsureBuilt(_inputs.Select(i => i.Dims).ToArray());
    }

    /// <summary>A functional model of one input and one output: <c>new Model(inputs, outputs)</c>.</summary>
    public Model(SymbolicTensor input, SymbolicTensor output, string? name = null)
        : this([input], [output], name)
    {
    }

    /// <summary>For models that define their layers another way (<see cref="Sequential"/>).</summary>
    protected Model(string? name)
        : base(name)
    {
    }

    /// <summary>The layers, in the order data flows through them (each shared layer once); a subclassed model's, in the order it tracked them.</summary>
    public virtual IReadOnlyList<Layer> Layers => IsSubclassed ? TrackedLayers : _layers;

    /// <summary>
    /// Whether this is a model of the user's own class (Keras's subclassed model): no graph of inputs and outputs,
    /// its forward pass the Call it overrides (Keras's call), its layers those it tracks with AddLayer.
    /// </summary>
    internal bool IsSubclassed => _inputs.Length == 0 && this is not Sequential;

    /// <summary>The symbolic inputs of a functional model, in order; empty for a Sequential or subclassed model.</summary>
    public IReadOnlyList<SymbolicTensor> Inputs => _inputs;

    /// <summary>The layer calls from inputs to outputs, in an order that respects dependencies.</summary>
    internal IReadOnlyList<SymbolicTensor> Steps => _steps;

    /// <summary>The symbolic outputs of a functional model, in order; empty for a Sequential or subclassed model.</summary>
    public IReadOnlyList<SymbolicTensor> Outputs => _outputs;

    /// <summary>The name of each output (its layer's name), used for per-output losses and logs.</summary>
    public virtual IReadOnlyList<string> OutputNames => IsSubclassed ? [Name] : _outputs.Select(o => o.Name).ToArray();

    /// <summary>The trainable weights of all its layers, each shared weight once; none when the model is frozen (<c>Trainable = false</c>).</summary>
    public override IReadOnlyList<Variable> TrainableWeights =>
        Trainable ? Layers.SelectMany(l => l.TrainableWeights).Distinct().ToArray() : [];

    /// <summary>The non-trainable weights of all its layers, each shared weight once; every weight when the model is frozen.</summary>
    public override IReadOnlyList<Variable> NonTrainableWeights =>
        Trainable
            ? Layers.SelectMany(l => l.NonTrainableWeights).Distinct().ToArray()
            : Layers.SelectMany(l => l.Weights).Distinct().ToArray();

    internal override IReadOnlyList<Variable> OwnWeights => Layers.SelectMany(l => l.OwnWeights).Distinct().ToArray();

    /// <summary>The regularization penalties of all its layers (Keras's model.losses), recomputed on each read.</summary>
    public override IReadOnlyList<Tensor> Losses => Layers.SelectMany(l => l.Losses).ToArray();

    /// <summary>Prints the Keras table of layers, output shapes and parameter counts (to the console by default).</summary>
    public void Summary(TextWriter? output = null) => (output ?? Engine.Output).Write(GetSummary().ToString());

    /// <summary>
    /// The rows and totals <see cref="Summary"/> prints, as data (Keras prints only): for a notebook's table, a
    /// report, or a test. A Sequential with a declared input shape is built first, as Keras builds it to summarize.
    /// </summary>
    public ModelSummary GetSummary()
    {
        if (!Built && this is Sequential { DeclaredInputShape: int[] shape }) EnsureBuilt([shape]);
        return ModelSummary.Of(this);
    }

    /// <summary>The layer with this name.</summary>
    public Layer GetLayer(string name) => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"Model '{Name}' has no layer named '{name}'. Layers: {string.Join(", ", Layers.Select(l => l.Name))}.", nameof(name));

    /// <summary>Runs a multi-input or multi-output model: one tensor per input in, one per output out.</summary>
    public Tensor[] CallOutputs(Tensor[] inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!Built) EnsureBuilt(inputs.Select(t => t.Shape.ToArray()).ToArray());
        return Run(inputs, training);
    }

    private protected override void BuildCore(IReadOnlyList<int[]> inputShapes)
    {
        // A functional model's layers were built when the graph was traced; a subclassed model's build in a first
        // pass over zeros of the input's shape, as Keras's build does, so that their weights exist before training.
        if (IsSubclassed) SubclassCall([Tensor.Zeros(inputShapes[0].Select(d => d < 0 ? 1 : d).ToArray())], [null], training: false);
    }

    /// <summary>A subclassed model's forward pass: the Call it overrides.</summary>
    private Tensor[] SubclassCall(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (inputs.Count != 1) throw new ArgumentException($"Model '{Name}' ({GetType().Name}) takes one input, got {inputs.Count}.");
        return [Call(inputs[0], masks[0], training)];
    }

    private protected override Tensor CallCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training) => Single(RunMasked(inputs, masks, training).Outputs, "Call");

    /// <summary>
    /// As a layer of another model, Keras's: the graph runs once with the masks its inputs bring, and its outputs
    /// leave with the masks its layers made (an Embedding with maskZero inside masks the layers after the model).
    /// </summary>
    internal override (Tensor[] Outputs, Tensor?[] Masks) InvokeMasked(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (!Built) EnsureBuilt(inputs.Select(t => t.Shape.ToArray()).ToArray());
        using (Compilation.Trace.InLayer(Name)) return RunMasked(inputs, masks, training);
    }

    /// <summary>The output masks for these inputs and masks: the graph's, which this runs.</summary>
    private protected override Tensor? ComputeMasks(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) => RunMasked(inputs, masks, training: false).Masks[0];

    /// <summary>The output mask the graph produces for these inputs and their mask (Keras's compute_mask); null when no layer makes one.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null) => ComputeMasks([inputs], [previousMask]);

    /// <summary>The forward pass over the graph, without input masks.</summary>
    internal Tensor[] Run(IReadOnlyList<Tensor> inputs, bool training) => RunMasked(inputs, new Tensor?[inputs.Count], training).Outputs;

    /// <summary>The forward pass over the graph from the inputs and their masks (null: none); masks flow along with the values, as Keras's.</summary>
    internal virtual (Tensor[] Outputs, Tensor?[] Masks) RunMasked(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> inputMasks, bool training)
    {
        if (IsSubclassed) return (SubclassCall(inputs, inputMasks, training), [null]);
        inputs = AdjustRanks(inputs);
        CheckInputs(inputs);
        var values = new Dictionary<SymbolicTensor, Tensor>(ReferenceEqualityComparer.Instance);
        var masks = new Dictionary<SymbolicTensor, Tensor?>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _inputs.Length; i++) (values[_inputs[i]], masks[_inputs[i]]) = (inputs[i], inputMasks[i]);
        foreach (SymbolicTensor step in _steps)
        {
            if (values.ContainsKey(step)) continue; // an output of a call already made for another of its outputs
            (Tensor[] outputs, Tensor?[] outputMasks) = step.Layer!.InvokeMasked(step.Inputs.Select(i => values[i]).ToArray(), step.Inputs.Select(i => masks[i]).ToArray(), training);
            for (int o = 0; o < outputs.Length; o++) (values[step.Siblings[o]], masks[step.Siblings[o]]) = (outputs[o], outputMasks[o]);
        }
        return (_outputs.Select(o => values[o]).ToArray(), _outputs.Select(o => masks[o]).ToArray());
    }

    /// <summary>
    /// As Keras's functional models: an input one axis short of its declared shape, which ends in 1, gains that
    /// axis (a dataset's texts of shape (batch,) for an Input of shape [1]); one with an extra trailing axis of 1 loses it.
    /// </summary>
    private IReadOnlyList<Tensor> AdjustRanks(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _inputs.Length) return inputs;
        Tensor[]? adjusted = null;
        for (int i = 0; i < inputs.Count; i++)
        {
            int[] expected = _inputs[i].Dims;
            Tensor x = inputs[i];
            Tensor? changed = x.Rank == expected.Length - 1 && expected[^1] == 1 ? Ops.ExpandDims(x, -1)
                : x.Rank == expected.Length + 1 && x.Rank > 1 && x.Shape[-1] == 1 ? Ops.Squeeze(x, -1)
                : null;
            if (changed is null) continue;
            adjusted ??= [.. inputs];
            adjusted[i] = changed;
        }
        return adjusted ?? inputs;
    }

    private void CheckInputs(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _inputs.Length)
        {
            throw new ArgumentException($"Model '{Name}' expects {_inputs.Length} input(s) ({string.Join(", ", _inputs.Select(i => i.Name))}), got {inputs.Count}.");
        }
        for (int i = 0; i < inputs.Count; i++)
        {
            int[] expected = _inputs[i].Dims;
            int[] actual = inputs[i].Shape.Dims;
            bool fits = actual.Length == expected.Length && actual.Skip(1).Zip(expected.Skip(1)).All(d => d.Second == -1 || d.First == d.Second);
            if (!fits)
            {
                throw new ArgumentException($"Model '{Name}': input '{_inputs[i].Name}' expects shape {SymbolicTensor.FormatShape(expected)}, got {inputs[i].Shape}.");
            }
        }
    }

    private protected Tensor Single(Tensor[] outputs, string what) => outputs.Length == 1 ? outputs[0]
        : throw new InvalidOperationException($"Model '{Name}' has {outputs.Length} outputs; use {what} with an array (e.g. CallOutputs or Predict(new[] {{ x }})) to get them all.");

    /// <summary>Every step between the inputs and the outputs, each after the steps it depends on.</summary>
    private static SymbolicTensor[] TopologicalOrder(SymbolicTensor[] inputs, SymbolicTensor[] outputs)
    {
        var order = new List<SymbolicTensor>();
        var done = new HashSet<SymbolicTensor>(ReferenceEqualityComparer.Instance);
        var known = new HashSet<SymbolicTensor>(inputs, ReferenceEqualityComparer.Instance);
        void Visit(SymbolicTensor t)
        {
            if (known.Contains(t) || !done.Add(t)) return;
            if (t.Layer is null) throw new ArgumentException($"Model: the outputs depend on input '{t.Name}', which is not among the model's inputs.");
            foreach (SymbolicTensor i in t.Inputs) Visit(i);
            order.Add(t);
        }
        foreach (SymbolicTensor o in outputs) Visit(o);
        return [.. order];
    }

    private static void CheckUniqueNames(IEnumerable<Layer> layers)
    {
        string? duplicate = layers.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null) throw new ArgumentException($"Model: all layer names must be unique; '{duplicate}' is used by more than one layer.");
    }
}
