using Strata.Initializers;
using Strata.Kernels;
using Strata.Regularizers;

namespace Strata.Layers;

/// <summary>
/// What Keras's recurrent layers share: inputs (batch, steps, features) run through a cell step by step
/// from zero states, the output the last step's (or every step's, with returnSequences; in reverse order
/// of the inputs with goBackwards, as Keras returns them). The input's projection for all steps,
/// x · kernel + bias, is one product up front; the recurrence over all steps is then one op of the cell's
/// (its kernel adds each step's state product with the recurrent kernel), whose gradient is
/// backpropagation through time, on the tape and in the compiled step alike. The weights are Keras's:
/// kernel (features, gates · units), recurrent_kernel (units, gates · units), bias.
/// A mask (batch, steps), from an Embedding with maskZero or a Masking layer, makes each sample skip its
/// masked steps: its state passes them unchanged, and so does its output (or the output is zero with
/// zeroOutputForMask, as Bidirectional asks when it returns sequences). In training, dropout drops input
/// features and recurrentDropout the state's units before its product, each with one mask for the whole
/// sequence; with recurrentDropout each gate draws its own masks, as Keras's implementation 1. The cell's
/// activation (tanh) and its gates' recurrent activation (sigmoid) may be any a cell differentiates from its
/// outputs: tanh, sigmoid, hard_sigmoid, relu, softsign or linear (null).
/// </summary>
public abstract class BaseRnn : Layer
{
    private readonly Dropout _inputDropout, _stateDropout;
    private Variable? _kernel, _recurrentKernel, _bias;

    private protected BaseRnn(int units, int gates, string? activation, string? recurrentActivation, bool useBias, Initializer? kernelInitializer, Initializer? recurrentInitializer,
        Initializer? biasInitializer, Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
        bool returnSequences, bool goBackwards, bool zeroOutputForMask, float dropout, float recurrentDropout, int? seed, bool returnState, string? name)
        : base(name)
    {
        ReturnState = returnState;
        SupportsMasking = true;
        if (units <= 0) throw new ArgumentException($"{GetType().Name}: units must be positive, got {units}.", nameof(units));
        Units = units;
        Gates = gates;
        Activation = CellActivation.For(activation, GetType().Name, nameof(activation)).Name;
        RecurrentActivation = CellActivation.For(recurrentActivation, GetType().Name, nameof(recurrentActivation)).Name;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
        ReturnSequences = returnSequences;
        GoBackwards = goBackwards;
        ZeroOutputForMask = zeroOutputForMask;
        if (!(dropout is >= 0f and <= 1f)) throw new ArgumentException($"{GetType().Name}: dropout must lie in [0, 1], got {dropout}.", nameof(dropout));
        if (!(recurrentDropout is >= 0f and <= 1f)) throw new ArgumentException($"{GetType().Name}: recurrentDropout must lie in [0, 1], got {recurrentDropout}.", nameof(recurrentDropout));
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
        Seed = seed;
        _inputDropout = new Dropout(dropout, seed);
        _stateDropout = new Dropout(recurrentDropout, seed is int s ? s + 1 : null);
    }

    /// <summary>The dimension of the state and of the output (Keras's <c>units</c>).</summary>
    public int Units { get; }

    /// <summary>The cell's activation, Keras's activation ("tanh" by default; "linear" for null).</summary>
    public string Activation { get; }

    /// <summary>The gates' activation, Keras's recurrent_activation ("sigmoid" by default; SimpleRNN has no gates and ignores it).</summary>
    public string RecurrentActivation { get; }

    /// <summary>Whether the layer adds a bias (Keras's <c>use_bias</c>).</summary>
    public bool UseBias { get; }

    /// <summary>The initializer of the input kernel; Glorot uniform by default (Keras's <c>kernel_initializer</c>).</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The initializer of the recurrent kernel; orthogonal by default (Keras's <c>recurrent_initializer</c>).</summary>
    public Initializer RecurrentInitializer { get; }

    /// <summary>The bias's initializer; zeros by default (Keras's <c>bias_initializer</c>).</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The penalty on the input kernel, or null (Keras's <c>kernel_regularizer</c>).</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>The penalty on the recurrent kernel, or null (Keras's <c>recurrent_regularizer</c>).</summary>
    public Regularizer? RecurrentRegularizer { get; }

    /// <summary>The penalty on the bias, or null (Keras's <c>bias_regularizer</c>).</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Whether the output is every step's, (batch, steps, units), rather than the last step's, (batch, units) (Keras's <c>return_sequences</c>).</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the sequence is processed from its last step to its first (Keras's <c>go_backwards</c>).</summary>
    public bool GoBackwards { get; }

    /// <summary>Whether a call also returns the final states (call it with CallOutputs): Keras's return_state.</summary>
    public bool ReturnState { get; }

    /// <summary>The fraction of input features dropped in training (one mask per sequence).</summary>
    public float Dropout { get; }

    /// <summary>The fraction of the state's units dropped before its product with the recurrent kernel, in training.</summary>
    public float RecurrentDropout { get; }

    /// <summary>The seed of the dropout masks, or null for unseeded draws (Keras's <c>seed</c>).</summary>
    public int? Seed { get; }

    /// <summary>Whether a masked step's output is zero rather than the output carried from the step before (the state is carried either way).</summary>
    public bool ZeroOutputForMask { get; internal set; }

    /// <summary>How many blocks of units the kernels hold (LSTM 4, GRU 3, SimpleRNN 1).</summary>
    private protected int Gates { get; }

    /// <summary>The input kernel, shape (features, gates · units), created when the layer is built (Keras's <c>kernel</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable Kernel => _kernel ?? throw NotBuilt();

    /// <summary>The recurrent kernel, shape (units, gates · units), created when the layer is built (Keras's <c>recurrent_kernel</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    public Variable RecurrentKernel => _recurrentKernel ?? throw NotBuilt();

    /// <summary>The bias; null before the layer is built or when <see cref="UseBias"/> is false.</summary>
    public Variable? Bias => _bias;

    /// <summary>Creates the kernel, the recurrent kernel and, when <see cref="UseBias"/>, the bias for inputs (batch, steps, features).</summary>
    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length != 3) throw new ArgumentException($"{GetType().Name} '{Name}': expects inputs (batch, steps, features), got shape {SymbolicTensor.FormatShape(inputShape)}.");
        _kernel = AddWeight("kernel", [inputShape[^1], Gates * Units], KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", [Units, Gates * Units], RecurrentInitializer, RecurrentRegularizer);
        if (UseBias) _bias = AddWeight("bias", BiasShape, BiasInitializer, BiasRegularizer);
    }

    /// <summary>The bias's shape: one row of gates · units (GRU with resetAfter has a second, for the recurrent product).</summary>
    private protected virtual int[] BiasShape => [Gates * Units];

    /// <summary>
    /// The whole sequence in one op: every step's output (steps, batch, units) in the order processed, the mask
    /// (steps, batch) in the inputs' order, the recurrent dropout mask (batch, gates · units) scaling h per gate.
    /// </summary>
    private protected abstract Tensor Sequence(Tensor byStep, Tensor? mask, Tensor? dropMask);

    /// <summary>The bias added to the input's projection (GRU with resetAfter keeps its recurrent row apart).</summary>
    private protected virtual Tensor? InputBias => _bias;

    /// <summary>How many states a call ends with: h, and c for an LSTM (the outputs after the first with returnState).</summary>
    private protected virtual int StateCount => 1;

    internal override int OutputCount => ReturnState ? 1 + StateCount : 1;

    /// <summary>The output, then with returnState the final states (Keras's [output, h] or [output, h, c]).</summary>
    private protected override Tensor[] CallOutputsCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training)
    {
        if (inputs.Count != 1) throw new ArgumentException($"{GetType().Name} '{Name}': takes one input, got {inputs.Count}.");
        return Run(inputs[0], masks[0], training);
    }

    private Tensor[] Run(Tensor inputs, Tensor? mask, bool training)
    {
        int features = Kernel.Shape[0];
        if (inputs.Rank != 3 || inputs.Shape[2] != features)
        {
            throw new ArgumentException($"{GetType().Name} '{Name}': expected inputs (batch, steps, {features}), got shape {inputs.Shape}.");
        }
        int batch = inputs.Shape[0], steps = inputs.Shape[1];
        bool dropInputs = training && Dropout is > 0f and < 1f, dropState = training && RecurrentDropout is > 0f and < 1f;
        Tensor x = inputs.AsType(DType.Float32);
        Tensor projected = dropInputs ? DroppedProjection(x, dropState ? Gates : 1) : Ops.MatMul(x, Kernel);
        if (InputBias is Tensor bias) projected += bias;
        Tensor? dropMask = dropState ? _stateDropout.KeepMask(new Shape(batch, Gates * Units)) : null;
        // Steps first, so that each step's slice is a view of consecutive memory.
        Tensor byStep = Ops.Transpose(projected, [1, 0, 2]);
        Tensor? stepMask = mask is null ? null : Ops.Transpose(Masks.AsFloat(Masks.ForSteps(mask, inputs, $"{GetType().Name} '{Name}'")), [1, 0]);
        Tensor all = Sequence(byStep, stepMask, dropMask);
        // A cell with more states than h (LSTM's c) appends the others' final values after the steps, for returnState.
        Tensor[] others = Enumerable.Range(steps, all.Shape[0] - steps).Select(s => AtStep(all, s)).ToArray();
        Tensor states = others.Length == 0 ? all : Ops.Slice(all, [0, 0, 0], [steps, batch, Units]);
        Tensor outputs = ZeroOutputForMask && stepMask is not null ? states * Ops.ExpandDims(InProcessedOrder(stepMask), -1) : states;
        Tensor output = ReturnSequences ? Ops.Transpose(outputs, [1, 0, 2]) : AtStep(outputs, steps - 1);
        return ReturnState ? [output, AtStep(states, steps - 1), .. others] : [output];
    }

    /// <summary>Step s of a (steps, batch, units) tensor, as (batch, units).</summary>
    private Tensor AtStep(Tensor byStep, int s) => Ops.Reshape(Ops.Slice(byStep, [s, 0, 0], [1, byStep.Shape[1], Units]), byStep.Shape[1], Units);

    /// <summary>Keras's: the mask goes on with the sequences returned; a single output has none (nor do the states).</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null) => ReturnSequences ? previousMask : null;

    /// <summary>
    /// x · kernel with the input features dropped: one mask for all gates, or with <paramref name="masks"/> = gates
    /// one per gate, each gate's block of the kernel taking its own dropped x (Keras's implementation 1).
    /// </summary>
    private Tensor DroppedProjection(Tensor x, int masks)
    {
        int batch = x.Shape[0], features = x.Shape[2];
        Tensor keep = _inputDropout.KeepMask(new Shape(batch, 1, masks * features));
        if (masks == 1) return Ops.MatMul(x * keep, Kernel);
        return Ops.Concat(Enumerable.Range(0, masks).Select(g =>
            Ops.MatMul(x * Ops.Slice(keep, [0, 0, g * features], [batch, 1, features]), Ops.Slice(Kernel, [0, g * Units], [features, Units]))).ToArray(), axis: -1);
    }

    /// <summary>A (steps, …) tensor in the inputs' order put in the order the steps are processed.</summary>
    private Tensor InProcessedOrder(Tensor byStep) =>
        GoBackwards ? Ops.Take(byStep, Enumerable.Range(0, byStep.Shape[0]).Reverse().ToArray(), axis: 0) : byStep;

    /// <summary>Keras's config: the base config and units, activation, use_bias, initializers, regularizers, return_sequences, go_backwards, return_state, zero_output_for_mask, dropout, recurrent_dropout and seed.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = KernelInitializer.Name;
        config["recurrent_initializer"] = RecurrentInitializer.Name;
        config["bias_initializer"] = BiasInitializer.Name;
        config["kernel_regularizer"] = LayerRegistry.RegularizerConfig(KernelRegularizer);
        config["recurrent_regularizer"] = LayerRegistry.RegularizerConfig(RecurrentRegularizer);
        config["bias_regularizer"] = LayerRegistry.RegularizerConfig(BiasRegularizer);
        config["return_sequences"] = ReturnSequences;
        config["go_backwards"] = GoBackwards;
        config["return_state"] = ReturnState;
        config["zero_output_for_mask"] = ZeroOutputForMask;
        config["dropout"] = Dropout;
        config["recurrent_dropout"] = RecurrentDropout;
        config["seed"] = Seed;
        return config;
    }

    private InvalidOperationException NotBuilt() => new($"{GetType().Name} '{Name}' is not built yet: call it on data or build it with an input shape first.");
}
