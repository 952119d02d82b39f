using Strata.Initializers;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// The unit of a model, as keras.Layer. A layer of your own overrides what Keras's does: <c>Build(inputShape)</c>
/// creates its weights once the input shape is known (on the first call, or when a model is built from an input
/// shape), and <c>Call(inputs)</c>, <c>Call(inputs, training)</c> or <c>Call(inputs, mask, training)</c> maps inputs
/// to outputs. Those overrides are protected: from outside, <c>layer.Call(x)</c> is Keras's <c>layer(x)</c>, which
/// builds the layer first, passes masks along and, called on a <see cref="SymbolicTensor"/>, adds the layer to a
/// functional graph instead of computing.
/// <code>
/// class SimpleDense(int units) : Layer
/// {
///     private Variable _w = null!, _b = null!;
///     protected override void Build(int[] inputShape)
///     {
///         _w = AddWeight("kernel", [inputShape[^1], units], new RandomNormal());
///         _b = AddWeight("bias", [units], new Zeros());
///     }
///     protected override Tensor Call(Tensor inputs) => Ops.MatMul(inputs, _w) + _b;
/// }
/// </code>
/// </summary>
public abstract class Layer
{
    private readonly List<Variable> _weights = [];
    private readonly List<(Variable Weight, Regularizer Regularizer)> _regularized = [];
    private readonly List<Layer> _layers = [];

    /// <summary>Initializes the layer.</summary>
    /// <param name="name">The layer's name; null for the class name in snake_case, made unique (e.g. "dense", "dense_1").</param>
    /// <param name="trainable">Whether its weights are trained; true by default.</param>
    protected Layer(string? name = null, bool trainable = true)
    {
        Name = name ?? Naming.AutoName(GetType().Name);
        Trainable = trainable;
    }

    /// <summary>The layer's name, unique by default; its weights are named "name/weight".</summary>
    public string Name { get; }

    /// <summary>Whether its weights are trained; a frozen layer's weights are non-trainable.</summary>
    public bool Trainable { get; set; }

    /// <summary>Whether the weights are created: set once <see cref="Build(int[])"/> has run (Keras's <c>built</c>).</summary>
    public bool Built { get; private set; }

    /// <summary>The input shape the layer was built for, batch axis -1 (unknown).</summary>
    public int[]? BuildInputShape { get; private set; }

    /// <summary>All weights, trainable first, as Keras orders them.</summary>
    public virtual IReadOnlyList<Variable> Weights => [.. TrainableWeights, .. NonTrainableWeights];

    /// <summary>Its own trainable weights, then those of the layers it tracks (<see cref="AddLayer"/>).</summary>
    public virtual IReadOnlyList<Variable> TrainableWeights =>
        Trainable ? [.. _weights.Where(w => w.Trainable), .. _layers.SelectMany(l => l.TrainableWeights)] : [];

    /// <summary>Its own non-trainable weights (as moving statistics), then those of the layers it tracks; all of them when the layer is frozen.</summary>
    public virtual IReadOnlyList<Variable> NonTrainableWeights =>
        Trainable ? [.. _weights.Where(w => !w.Trainable), .. _layers.SelectMany(l => l.NonTrainableWeights)] : [.. _weights, .. _layers.SelectMany(l => l.Weights)];

    /// <summary>The penalties of the weight regularizers, recomputed on each call (differentiable), its tracked layers' too.</summary>
    public virtual IReadOnlyList<Tensor> Losses => [.. _regularized.Select(r => r.Regularizer.Call(r.Weight)), .. _layers.SelectMany(l => l.Losses)];

    /// <summary>The weights in the order they were created, whatever their trainability, then the tracked layers': the saving order.</summary>
    internal virtual IReadOnlyList<Variable> OwnWeights => [.. _weights, .. _layers.SelectMany(l => l.OwnWeights)];

    /// <summary>
    /// Tracks a layer that this one calls, as Keras tracks the layers a custom layer keeps as attributes: its
    /// weights count among this layer's (trained, saved, counted by Summary). Returns the layer.
    /// <code>
    /// private readonly Dense _projection = AddLayer(new Dense(32));   // in a custom layer's constructor
    /// </code>
    /// </summary>
    protected TLayer AddLayer<TLayer>(TLayer layer)
        where TLayer : Layer
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (ReferenceEquals(layer, this)) throw new ArgumentException($"Layer '{Name}' cannot track itself.", nameof(layer));
        if (!_layers.Contains(layer)) _layers.Add(layer);
        return layer;
    }

    /// <summary>The layers this one tracks (<see cref="AddLayer"/>), in the order added: a subclassed model's layers.</summary>
    internal IReadOnlyList<Layer> TrackedLayers => _layers;

    /// <summary>Copies of the weights' current values, in <see cref="Weights"/> order (Keras: get_weights).</summary>
    public Tensor[] GetWeights() => Weights.Select(w => w.Value).ToArray();

    /// <summary>Sets the weights from values in <see cref="Weights"/> order; counts and shapes must match.</summary>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        IReadOnlyList<Variable> weights = Weights;
        if (values.Count != weights.Count)
        {
            throw new ArgumentException($"SetWeights: '{Name}' has {weights.Count} weights, {values.Count} values were given.", nameof(values));
        }
        for (int i = 0; i < weights.Count; i++)
        {
            if (values[i].Shape != weights[i].Shape)
            {
                throw new ArgumentException($"SetWeights: weight {i} ('{weights[i].Name}') has shape {weights[i].Shape}, the value has shape {values[i].Shape}.", nameof(values));
            }
        }
        for (int i = 0; i < weights.Count; i++) weights[i].Assign(values[i]);
    }

    /// <summary>The number of scalars in the weights.</summary>
    public int CountParams() => Weights.Sum(w => w.Size);

    /// <summary>
    /// Computes the output for a batch (Keras's <c>layer(x, training=…)</c>); builds the layer first if needed.
    /// <paramref name="training"/> null means inference, as in Keras outside a training step.
    /// </summary>
    public Tensor Call(Tensor inputs, bool? training = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Invoke([inputs], training ?? false);
    }

    /// <summary>
    /// Computes the output for a batch with its mask (Keras's <c>layer(x, mask=mask)</c>): true (or nonzero) where
    /// a step counts, as <see cref="ComputeMask"/> makes them; layers that do not use masks ignore it.
    /// </summary>
    public Tensor Call(Tensor inputs, Tensor? mask, bool? training = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Invoke([inputs], [mask], training ?? false);
    }

    /// <summary>Calls a layer that takes several inputs (e.g. <see cref="Concatenate"/>).</summary>
    public Tensor Call(Tensor[] inputs, bool? training = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Invoke(inputs, training ?? false);
    }

    /// <summary>
    /// Whether the layer passes the mask of its input on to its output unchanged (Keras's supports_masking):
    /// set by layers that keep the steps where they are (Dense, Dropout, normalization). A layer that does
    /// not drops the mask, as Keras does; one that makes or changes masks overrides <see cref="ComputeMask"/>.
    /// </summary>
    public bool SupportsMasking { get; protected set; }

    /// <summary>
    /// Keras's compute_mask: the mask of the output for these inputs and the mask they came with; by default
    /// the input's mask when <see cref="SupportsMasking"/>, otherwise none. In a model, masks flow from layer to
    /// layer this way, and each layer's call receives its input's mask.
    /// </summary>
    public virtual Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null) => SupportsMasking ? previousMask : null;

    /// <summary>The output's mask for several inputs (merging layers override it); one input goes to <see cref="ComputeMask"/>.</summary>
    private protected virtual Tensor? ComputeMasks(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        inputs.Count == 1 ? ComputeMask(inputs[0], masks[0]) : SupportsMasking ? masks[0] : null;

    /// <summary>Adds the layer to a functional graph: the result stands for its output.</summary>
    public SymbolicTensor Call(SymbolicTensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Single(Connect([inputs]));
    }

    /// <summary>Adds a layer of several inputs (e.g. <see cref="Concatenate"/>) to a functional graph: the result stands for its output.</summary>
    public SymbolicTensor Call(SymbolicTensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Single(Connect(inputs));
    }

    /// <summary>
    /// How many tensors a call returns: one, or more for a layer that returns a list in Keras (a recurrent
    /// layer with returnState: its output, then its final states). Such a layer is called with CallOutputs.
    /// </summary>
    internal virtual int OutputCount => 1;

    /// <summary>Every output of a call, for a layer that returns several (Keras: <c>output, h, c = LSTM(…, return_state=True)(x)</c>).</summary>
    public Tensor[] CallOutputs(Tensor inputs, Tensor? mask = null, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return InvokeAll([inputs], [mask], training);
    }

    /// <summary>Adds the layer to a functional graph: one symbolic tensor per output.</summary>
    public SymbolicTensor[] CallOutputs(SymbolicTensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Connect([inputs]);
    }

    private T Single<T>(T[] outputs) => outputs.Length == 1 ? outputs[0]
        : throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) returns {outputs.Length} tensors (its output and its states); call it with CallOutputs to get them all.");

    /// <summary>
    /// Creates the weights for inputs of this shape (batch axis -1 or any size), as Keras's <c>layer.build(shape)</c>:
    /// runs the layer's <see cref="Build(int[])"/> once.
    /// </summary>
    public void Build(params ReadOnlySpan<int> inputShape) => EnsureBuilt([inputShape.ToArray()]);

    internal void EnsureBuilt(IReadOnlyList<int[]> inputShapes)
    {
        if (Built) return;
        BuildCore(inputShapes);
        BuildInputShape = [-1, .. inputShapes[0][1..]];
        Built = true;
    }

    /// <summary>Creates the weights; the default passes the single input's shape to <see cref="Build(int[])"/>.</summary>
    private protected virtual void BuildCore(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count != 1) throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes one input, got {inputShapes.Count}.");
        Build(inputShapes[0]);
    }

    /// <summary>
    /// Keras's build: override it to create weights with <see cref="AddWeight"/> once the input shape is known (batch
    /// axis -1 or any size). Runs once, before the first call; call <c>layer.Build(shape)</c> to run it ahead.
    /// </summary>
    protected virtual void Build(int[] inputShape)
    {
    }

    /// <summary>Keras's <c>call(inputs)</c>: override it (or an overload with training or mask) with the layer's computation.</summary>
    protected virtual Tensor Call(Tensor inputs) =>
        throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) must override Call(inputs), Call(inputs, training) or Call(inputs, mask, training), as Keras's call.");

    /// <summary>Keras's <c>call(inputs, training)</c>: the computation, told whether this is a training step; by default <see cref="Call(Tensor)"/>.</summary>
    protected virtual Tensor Call(Tensor inputs, bool training) => Call(inputs);

    /// <summary>Keras's <c>call(inputs, mask, training)</c>: the computation with the input's mask (null when it has none); by default the mask is not used.</summary>
    protected virtual Tensor Call(Tensor inputs, Tensor? mask, bool training) => Call(inputs, training);

    /// <summary>A layer of several outputs (<see cref="OutputCount"/>) overrides this: every output of the call.</summary>
    private protected virtual Tensor[] CallOutputsCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training) => [CallCore(inputs, masks, training)];

    /// <summary>A multi-input layer overrides this instead of <see cref="Call(Tensor, bool)"/>; masks has one per input.</summary>
    private protected virtual Tensor CallCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (inputs.Count != 1) throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes one input, got {inputs.Count}.");
        return Call(inputs[0], masks[0], training);
    }

    /// <summary>The shape of the last output, batch axis -1: what Summary prints.</summary>
    internal int[]? OutputDims { get; private set; }

    internal Tensor Invoke(IReadOnlyList<Tensor> inputs, bool training) => Invoke(inputs, new Tensor?[inputs.Count], training);

    internal Tensor Invoke(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training) => Single(InvokeAll(inputs, masks, training));

    internal Tensor[] InvokeAll(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (!Built) EnsureBuilt(inputs.Select(t => t.Shape.ToArray()).ToArray());
        Tensor[] outputs;
        using (Compilation.Trace.InLayer(Name)) outputs = CallOutputsCore(inputs, masks, training);
        if (OutputDims is null && outputs[0].Rank > 0) OutputDims = [-1, .. outputs[0].Shape.Dims[1..]];
        return outputs;
    }

    /// <summary>
    /// Calls the layer as a step of a model: its outputs, and their masks: the first output's from the inputs'
    /// masks, none for the others (a recurrent layer's states), as Keras's.
    /// </summary>
    internal virtual (Tensor[] Outputs, Tensor?[] Masks) InvokeMasked(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        Tensor[] outputs = InvokeAll(inputs, masks, training);
        var outputMasks = new Tensor?[outputs.Length];
        using (Compilation.Trace.InLayer(Name)) outputMasks[0] = ComputeMasks(inputs, masks);
        return (outputs, outputMasks);
    }

    /// <summary>
    /// Records the call in the graph: one symbolic tensor per output. The output shapes come from running the
    /// layer on a one-sample batch of zeros, which also builds it: no layer needs shape rules of its own. Axes
    /// of any size (-1) are probed with sizes 1 and 2; the output axes that follow them are of any size too.
    /// </summary>
    private SymbolicTensor[] Connect(IReadOnlyList<SymbolicTensor> inputs)
    {
        (int[] Dims, DType DType)[] shapes = OutputSignatures(inputs) ?? ProbedSignatures(inputs);
        var outputs = new SymbolicTensor[shapes.Length];
        for (int o = 0; o < shapes.Length; o++)
        {
            int[] dims = shapes[o].Dims;
            if (dims.Length > 0 && inputs[0].Dims.Length > 0 && inputs[0].Dims[0] < 0) dims[0] = -1;
            if (o == 0) OutputDims = dims.Length > 0 ? [-1, .. dims[1..]] : OutputDims;
            outputs[o] = new SymbolicTensor(dims, this, inputs, o == 0 ? Name : $"{Name}_{o}", shapes[o].DType);
        }
        foreach (SymbolicTensor output in outputs) output.Siblings = outputs;
        return outputs;
    }

    /// <summary>
    /// The outputs' shapes (-1 for any size) and dtypes, for a layer whose output shape a probe cannot tell (one
    /// that depends on the values, as a text's length in tokens); null, by default, to probe.
    /// </summary>
    private protected virtual (int[] Dims, DType DType)[]? OutputSignatures(IReadOnlyList<SymbolicTensor> inputs) => null;

    /// <summary>The outputs' shapes and dtypes from probes of one and, where an axis may have any size, two.</summary>
    private (int[] Dims, DType DType)[] ProbedSignatures(IReadOnlyList<SymbolicTensor> inputs)
    {
        Tensor[] shapes = Probe(inputs, 1);
        bool anySize = inputs.Any(i => i.Dims.Skip(1).Contains(-1));
        Tensor[]? wider = anySize ? Probe(inputs, 2) : null;
        var signatures = new (int[] Dims, DType DType)[shapes.Length];
        for (int o = 0; o < shapes.Length; o++)
        {
            int[] dims = shapes[o].Shape.ToArray();
            for (int a = 1; wider is not null && a < dims.Length && a < wider[o].Rank; a++)
            {
                if (dims[a] != wider[o].Shape[a]) dims[a] = -1;
            }
            signatures[o] = (dims, shapes[o].DType);
        }
        return signatures;
    }

    /// <summary>
    /// The outputs for zeros of the inputs' shapes, the batch and any-size axes set to <paramref name="size"/>:
    /// float zeros, as numbers of any dtype probe alike, or empty texts for a string input.
    /// </summary>
    private Tensor[] Probe(IReadOnlyList<SymbolicTensor> inputs, int size)
    {
        Tensor[] probes = inputs.Select(i => Tensor.Zeros(new Shape(i.Dims.Select(d => d < 0 ? size : d).ToArray()), i.DType == DType.String ? DType.String : DType.Float32)).ToArray();
        try
        {
            return InvokeAll(probes, new Tensor?[probes.Length], training: false);
        }
        catch (ArgumentException e)
        {
            string shapes = string.Join(", ", inputs.Select(i => SymbolicTensor.FormatShape(i.Dims)));
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) cannot take inputs of shape {shapes}: {e.Message}", e);
        }
    }

    /// <summary>Creates a weight of this layer, named "layer/name" as Keras's variable paths.</summary>
    protected Variable AddWeight(string name, int[] shape, Initializer initializer, Regularizer? regularizer = null, bool trainable = true)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        Saving.WeightBudget.Take($"{Name}/{name}", shape);
        var weight = new Variable(initializer.Call(shape), trainable, $"{Name}/{name}");
        _weights.Add(weight);
        if (regularizer is not null) _regularized.Add((weight, regularizer));
        return weight;
    }

    /// <summary>The constructor arguments that rebuild this layer (for saving), Keras's names in snake_case.</summary>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["trainable"] = Trainable };

    /// <summary>The layer's class, name and whether it is built, e.g. <c>&lt;Dense name=dense, built=True&gt;</c>.</summary>
    public override string ToString() => $"<{GetType().Name} name={Name}, built={Built}>";
}
