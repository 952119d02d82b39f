using Strata.Compilation;

namespace Strata.Optimizers;

/// <summary>
/// The base of every optimizer, as Keras's BaseOptimizer: it owns the step counter, the learning
/// rate (a constant or a schedule), gradient clipping and decoupled weight decay, so that an
/// optimizer only writes <see cref="Build"/> (its slot variables) and <see cref="UpdateStep"/>.
/// </summary>
public abstract partial class Optimizer
{
    private readonly Variable _iterations;
    private readonly Variable? _learningRate; // a constant rate lives in a variable, as in Keras (saved with the state)
    private readonly LearningRateSchedule? _schedule;
    private readonly List<Variable> _variables = [];
    private readonly Dictionary<Variable, int> _indices = new(ReferenceEqualityComparer.Instance);
    private readonly float[][] _scratch = [[], []];
    private readonly List<Tensor> _stepGradients = [];   // this step's non-null gradients and their variables,
    private readonly List<Variable> _stepVariables = []; // kept across steps to spare an allocation per step

    /// <summary>Sets the name, the learning rate and the gradient options shared by every optimizer.</summary>
    /// <param name="name">The name, or null for an automatic one from the class name.</param>
    /// <param name="learningRate">A float or a schedule; null for <paramref name="defaultLearningRate"/>.</param>
    /// <param name="defaultLearningRate">The optimizer's Keras default rate.</param>
    /// <param name="weightDecay">Decoupled weight decay, or null for none.</param>
    /// <param name="clipNorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipValue">Clip each gradient element to [-clipValue, clipValue], or null.</param>
    /// <param name="globalClipNorm">Clip all gradients together to this joint L2 norm, or null.</param>
    /// <exception cref="ArgumentException">More than one of <paramref name="clipNorm"/>, <paramref name="clipValue"/> and <paramref name="globalClipNorm"/> is set.</exception>
    protected Optimizer(string? name, LearningRateSchedule? learningRate, float defaultLearningRate,
                        float? weightDecay = null, float? clipNorm = null, float? clipValue = null, float? globalClipNorm = null)
    {
        // Keras 3's auto_name: the class in snake case, made unique ("adam", "adam_1"; RMSprop's is "rm_sprop", as Keras's).
        Name = string.IsNullOrEmpty(name) ? Naming.AutoName(GetType().Name) : name;
        if ((clipNorm is null ? 0 : 1) + (clipValue is null ? 0 : 1) + (globalClipNorm is null ? 0 : 1) > 1)
        {
            throw new ArgumentException(
                $"{GetType().Name}: only one of clipNorm, clipValue and globalClipNorm can be set; got clipNorm={Show(clipNorm)}, clipValue={Show(clipValue)}, globalClipNorm={Show(globalClipNorm)}.");
        }
        WeightDecay = weightDecay;
        ClipNorm = clipNorm;
        ClipValue = clipValue;
        GlobalClipNorm = globalClipNorm;

        _iterations = new Variable(Tensor.Scalar<long>(0), trainable: false, name: "iteration");
        _variables.Add(_iterations);
        learningRate ??= defaultLearningRate;
        if (learningRate is ConstantLearningRate constant)
        {
            _learningRate = new Variable(Tensor.Scalar(constant.Value), trainable: false, name: "learning_rate");
            _variables.Add(_learningRate);
        }
        else
        {
            _schedule = learningRate;
        }
    }

    /// <summary>The optimizer's name, e.g. "adam" (Keras's <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>Decoupled weight decay: each step first shrinks every variable by <c>variable * weightDecay * learningRate</c>.</summary>
    public float? WeightDecay { get; }

    /// <summary>Clip each gradient so that its own L2 norm is at most this.</summary>
    public float? ClipNorm { get; }

    /// <summary>Clip each gradient element to [-clipValue, clipValue].</summary>
    public float? ClipValue { get; }

    /// <summary>Scale all gradients together so that their joint L2 norm is at most this.</summary>
    public float? GlobalClipNorm { get; }

    /// <summary>The schedule in use, or null when the rate is a constant.</summary>
    public LearningRateSchedule? Schedule => _schedule;

    /// <summary>
    /// The current rate: the schedule's value at <see cref="Iterations"/>, or the constant. Setting
    /// it replaces the constant; with a schedule in use it throws (as Keras does).
    /// </summary>
    public float LearningRate
    {
        get => _schedule?.Call(Iterations) ?? _learningRate!.Data<float>()[0];
        set
        {
            if (_learningRate is null)
            {
                throw new InvalidOperationException(
                    $"{Name}: this optimizer was created with a learning rate schedule ({_schedule!.GetType().Name}), so its learning rate cannot be set; create the optimizer with a float learningRate to be able to change it.");
            }
            _learningRate.Span<float>()[0] = value;
        }
    }

    /// <summary>The number of updates applied so far.</summary>
    public long Iterations => _iterations.Data<long>()[0];

    /// <summary>Whether the slot variables exist (after the first <see cref="ApplyGradients(IReadOnlyList{Tensor}, IReadOnlyList{Variable})"/> or <see cref="EnsureBuilt"/>).</summary>
    public bool Built { get; private set; }

    /// <summary>
    /// The optimizer's state in Keras's order, for saving: the step counter, the learning rate when it
    /// is a constant, then the slot variables (for each model variable, each slot in turn).
    /// </summary>
    public IReadOnlyList<Variable> Variables => _variables;

    /// <summary>
    /// Applies one update: clips the gradients, applies weight decay, runs <see cref="UpdateStep"/> for
    /// each variable and counts the step. The first call creates the slot variables; later calls must
    /// pass the same variables (or a subset). A null gradient skips its variable, as Keras skips None.
    /// </summary>
    public void ApplyGradients(IReadOnlyList<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(variables);
        if (gradients.Count != variables.Count)
        {
            throw new ArgumentException($"{Name}.ApplyGradients: got {gradients.Count} gradients for {variables.Count} variables; pass one gradient per variable, in the same order.", nameof(gradients));
        }
        if (gradients.Count == 0) return;
        CheckGradients(gradients, variables);
        EnsureBuilt(variables);

        List<Tensor> grads = _stepGradients;
        List<Variable> vars = _stepVariables;
        grads.Clear();
        vars.Clear();
        for (int i = 0; i < gradients.Count; i++)
        {
            if (gradients[i] is not Tensor g) continue;
            grads.Add(g.DType == DType.Float32 ? g : g.AsType(DType.Float32));
            vars.Add(variables[i]);
        }
        if (grads.Count == 0)
        {
            throw new ArgumentException($"{Name}.ApplyGradients: no gradients provided for any variable (all {variables.Count} are null).", nameof(gradients));
        }

        // Data parallelism: each rank's gradients of its shard, summed over the ranks (weighted by their shares) first.
        if (Distributed.ProcessGroup.Spread is Distributed.ProcessGroup group) Distributed.GradientSum.Run(group, grads);
        if (Trace.Active) RecordUpdate(grads, vars);
        else Update(grads, vars);
    }

    /// <summary>
    /// Applies one update from (gradient, variable) pairs, as Keras's <c>optimizer.apply_gradients(zip(grads, vars))</c>:
    /// <c>optimizer.ApplyGradients(grads.Zip(model.TrainableWeights))</c>.
    /// </summary>
    public void ApplyGradients(IEnumerable<(Tensor Gradient, Variable Variable)> gradientsAndVariables)
    {
        ArgumentNullException.ThrowIfNull(gradientsAndVariables);
        (Tensor Gradient, Variable Variable)[] pairs = [.. gradientsAndVariables];
        ApplyGradients(pairs.Select(p => p.Gradient).ToArray(), pairs.Select(p => p.Variable).ToArray());
    }

    /// <summary>In a traced step the update is one host step, replayed with that step's gradients (apart, so an eager step allocates no closure).</summary>
    private void RecordUpdate(List<Tensor> grads, List<Variable> vars)
    {
        Variable[] updated = [.. vars];
        Trace.Host($"{GetType().Name}.ApplyGradients", [.. grads], replayed =>
        {
            _stepGradients.Clear();
            _stepVariables.Clear();
            _stepGradients.AddRange(replayed);
            _stepVariables.AddRange(updated);
            Update(_stepGradients, _stepVariables);
        }, new OptimizerStep(this, updated));
    }

    /// <summary>Counts one step taken elsewhere (a device that ran the update itself), as <see cref="Update"/> counts its own.</summary>
    internal void CountStep() => _iterations.Span<long>()[0]++;

    /// <summary>Clips, decays and updates each variable in place from its gradient, then counts the step.</summary>
    private void Update(List<Tensor> grads, List<Variable> vars)
    {
        // Updates change variables in place through their spans; suspending the tapes also keeps any
        // op-based update of a custom optimizer off an enclosing GradientTape.
        using (GradientTape.Suspend())
        {
            float learningRate = LearningRate;
            ClipGradients(grads, vars);
            ApplyWeightDecay(vars, learningRate);
            for (int i = 0; i < grads.Count; i++) UpdateStep(grads[i], vars[i], learningRate);
        }
        CountStep();
        grads.Clear(); // hold no reference to the caller's gradients between steps
        vars.Clear();
    }

    /// <summary>
    /// Creates the slot variables for <paramref name="variables"/> if that has not been done yet (to
    /// restore a saved state before training, as Keras's <c>optimizer.build</c>); once built, checks
    /// that the variables are among those it was built for.
    /// </summary>
    public void EnsureBuilt(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (Built)
        {
            for (int i = 0; i < variables.Count; i++) // not foreach: an interface enumerator would allocate every step
            {
                Variable v = variables[i];
                if (!_indices.ContainsKey(v))
                {
                    throw new ArgumentException(
                        $"{Name}: variable '{v.Name}' was not among those this optimizer was built for (a layer unfrozen after Compile?): call Compile again so that training includes it, or use a new optimizer for a new set of variables.", nameof(variables));
                }
            }
            return;
        }
        for (int i = 0; i < variables.Count; i++)
        {
            Variable v = variables[i] ?? throw new ArgumentNullException(nameof(variables), $"{Name}: variable {i} is null.");
            RequireFloat(v);
            _indices.TryAdd(v, _indices.Count);
        }
        Build(variables);
        Built = true;
    }

    /// <summary>Creates the slot variables (momentums, velocities...) for the variables to optimize.</summary>
    protected virtual void Build(IReadOnlyList<Variable> variables)
    {
    }

    /// <summary>Updates one variable from its (clipped) gradient, in place.</summary>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, float learningRate);

    /// <summary>The position of <paramref name="variable"/> in the list the optimizer was built for: the index of its slots.</summary>
    protected int IndexOf(Variable variable) => _indices.TryGetValue(variable, out int i) ? i
        : throw new ArgumentException($"{Name}: unknown variable '{variable.Name}'.", nameof(variable));

    /// <summary>A new slot variable shaped as <paramref name="reference"/>, filled with <paramref name="initialValue"/>, tracked in <see cref="Variables"/>.</summary>
    protected Variable AddVariableFromReference(Variable reference, string name, float initialValue = 0f)
    {
        var slot = new Variable(Tensor.Full(reference.Shape, initialValue), trainable: false, name: $"{SlotPrefix(reference)}_{name}");
        _variables.Add(slot);
        return slot;
    }

    /// <summary>The slot of this kind ("momentum", "velocity" …) kept for a model variable, or null when the optimizer keeps none.</summary>
    internal Variable? Slot(Variable reference, string name) => SlotVariables.FirstOrDefault(v => v.Name == $"{SlotPrefix(reference)}_{name}");

    /// <summary>The slot variables: every variable but the step counter and the constant learning rate.</summary>
    internal IEnumerable<Variable> SlotVariables => _variables.Where(v => v != _iterations && v != _learningRate);

    private static string SlotPrefix(Variable reference) => reference.Name.Replace('/', '_').Replace(':', '_');

    /// <summary>One slot variable per model variable.</summary>
    protected Variable[] AddOptimizerVariables(IReadOnlyList<Variable> variables, string name, float initialValue = 0f) =>
        AddOptimizerVariables(variables, [name], initialValue)[0];

    /// <summary>
    /// Several slots per model variable, created variable by variable (Keras's order, which saving
    /// relies on): result[k][i] is slot <paramref name="names"/>[k] of variable i.
    /// </summary>
    protected Variable[][] AddOptimizerVariables(IReadOnlyList<Variable> variables, string[] names, float initialValue = 0f)
    {
        var slots = new Variable[names.Length][];
        for (int k = 0; k < names.Length; k++) slots[k] = new Variable[variables.Count];
        for (int i = 0; i < variables.Count; i++)
        {
            for (int k = 0; k < names.Length; k++) slots[k][i] = AddVariableFromReference(variables[i], names[k], initialValue);
        }
        return slots;
    }

    /// <summary>
    /// A temporary of <paramref name="length"/> floats for an update's intermediate values (two
    /// independent ones: <paramref name="slot"/> 0 or 1), reused across steps so updates allocate nothing.
    /// </summary>
    protected Span<float> Scratch(int slot, int length)
    {
        if (_scratch[slot].Length < length) _scratch[slot] = new float[length];
        return _scratch[slot].AsSpan(0, length);
    }

    private void CheckGradients(IReadOnlyList<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        for (int i = 0; i < variables.Count; i++)
        {
            Variable v = variables[i] ?? throw new ArgumentNullException(nameof(variables), $"{Name}.ApplyGradients: variable {i} is null.");
            RequireFloat(v);
            if (gradients[i] is Tensor g && g.Shape != v.Shape)
            {
                throw new ArgumentException(
                    $"{Name}.ApplyGradients: the gradient for variable '{v.Name}' has shape {g.Shape}, but the variable has shape {v.Shape}; gradients must have their variable's shape.", nameof(gradients));
            }
        }
    }

    private void RequireFloat(Variable v)
    {
        if (v.DType != DType.Float32)
        {
            throw new ArgumentException($"{Name}: variable '{v.Name}' has dtype {v.DType.Name()}; optimizers update float32 variables only.");
        }
    }

    private static string Show(float? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
