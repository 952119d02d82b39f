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

    private protected override Tensor CallCore(IReadOnlyList<Tensor> inputs, bool training) => Combine(inputs);

    protected override Tensor CallCore(Tensor inputs, bool training) =>
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
