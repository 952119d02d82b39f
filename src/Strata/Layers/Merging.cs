namespace Strata.Layers;

/// <summary>A layer that combines several inputs of compatible shapes into one output.</summary>
public abstract class Merge : Layer
{
    protected Merge(string? name)
        : base(name)
    {
    }

    private protected override void BuildCore(IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count < 2) throw new ArgumentException($"{GetType().Name} '{Name}': needs at least two inputs, got {inputShapes.Count}.");
    }

    private protected override Tensor CallCore(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks, bool training) => Combine(inputs);

    /// <summary>Keras's merged mask for elementwise merges: a step counts where any input's does; none unless every input has one.</summary>
    private protected override Tensor? ComputeMasks(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks) =>
        masks.Any(m => m is null) ? null : masks.Skip(1).Aggregate(Masks.AsBool(masks[0]!), (any, m) => Ops.LogicalOr(any, Masks.AsBool(m!)));

    protected override Tensor Call(Tensor inputs, bool training) =>
        throw new ArgumentException($"{GetType().Name} '{Name}': needs a list of at least two inputs.");

    protected abstract Tensor Combine(IReadOnlyList<Tensor> inputs);
}

/// <summary>Joins its inputs along an axis (the last by default), as keras.layers.Concatenate.</summary>
public class Concatenate : Merge
{
    public Concatenate(int axis = -1, string? name = null)
        : base(name)
    {
        Axis = axis;
    }

    public int Axis { get; }

    protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => Ops.Concat(inputs, Axis);

    /// <summary>
    /// Keras's: each input's mask spread over its own shape (all true for an input without one), joined along
    /// the axis, then true where any value of the last axis is: the features' axis joins masks with "or", the
    /// steps' axis puts them end to end.
    /// </summary>
    private protected override Tensor? ComputeMasks(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        if (masks.All(m => m is null)) return null;
        Tensor[] spread = inputs.Select((input, i) => masks[i] is Tensor m ? Spread(Masks.AsFloat(m), input.Shape) : Tensor.Ones(input.Shape)).ToArray();
        return Masks.AsBool(Ops.Max(Ops.Concat(spread, Axis), -1));
    }

    private static Tensor Spread(Tensor mask, Shape shape)
    {
        while (mask.Rank < shape.Rank) mask = Ops.ExpandDims(mask, -1);
        return Ops.BroadcastTo(mask, shape.ToArray());
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}

/// <summary>Adds its inputs elementwise, as keras.layers.Add.</summary>
public class Add : Merge
{
    public Add(string? name = null)
        : base(name)
    {
    }

    protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], Ops.Add);
}
