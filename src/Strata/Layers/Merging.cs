namespace Strata.Layers;

/// <summary>A layer that combines several inputs of compatible shapes into one output.</summary>
public abstract class Merge : Layer
{
    /// <summary>Initializes the merge layer.</summary>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
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

    /// <summary>Throws: a merge layer takes a list of at least two inputs.</summary>
    protected override Tensor Call(Tensor inputs, bool training) =>
        throw new ArgumentException($"{GetType().Name} '{Name}': needs a list of at least two inputs.");

    /// <summary>Combines the inputs, at least two, into the output.</summary>
    /// <param name="inputs">The inputs, in the order given.</param>
    /// <returns>The merged tensor.</returns>
    protected abstract Tensor Combine(IReadOnlyList<Tensor> inputs);
}

/// <summary>Joins its inputs along an axis (the last by default), as keras.layers.Concatenate.</summary>
public class Concatenate : Merge
{
    /// <summary>A layer that concatenates its inputs along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis to join along; -1 (the last) by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Concatenate(int axis = -1, string? name = null)
        : base(name)
    {
        Axis = axis;
    }

    /// <summary>The axis the inputs are joined along (Keras's <c>axis</c>).</summary>
    public int Axis { get; }

    /// <summary>Joins the inputs along <see cref="Axis"/>; their other axes must match.</summary>
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

    /// <summary>Keras's config: the base config and axis.</summary>
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
    /// <summary>A layer that adds its inputs elementwise.</summary>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Add(string? name = null)
        : base(name)
    {
    }

    /// <summary>The elementwise sum of the inputs, broadcasting as <see cref="Ops.Add"/>.</summary>
    protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], Ops.Add);
}
