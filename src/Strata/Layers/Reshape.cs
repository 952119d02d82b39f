namespace Strata.Layers;

/// <summary>Reshapes each sample to <see cref="TargetShape"/> (the batch axis is kept; one -1 is inferred).</summary>
public class Reshape : Layer
{
    /// <summary>A layer that reshapes each sample to <paramref name="targetShape"/>.</summary>
    /// <param name="targetShape">The shape of one sample, without the batch axis; one dimension may be -1, inferred.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Reshape(int[] targetShape, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        TargetShape = (int[])targetShape.Clone();
    }

    /// <summary>The shape of one sample, without the batch axis; -1 is inferred (Keras's <c>target_shape</c>).</summary>
    public int[] TargetShape { get; }

    /// <summary>Reshapes (batch, ...) to (batch, <see cref="TargetShape"/>); the number of values per sample must fit.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        int perSample = inputs.Size / Math.Max(inputs.Shape[0], 1);
        int known = TargetShape.Where(d => d != -1).Aggregate(1, (p, d) => p * d);
        bool fits = TargetShape.Contains(-1) ? known > 0 && perSample % known == 0 : known == perSample;
        if (!fits)
        {
            throw new ArgumentException($"Reshape '{Name}': cannot reshape samples of shape {Strata.Shape.Format(inputs.Shape.Dims[1..])} ({perSample} values) into {Strata.Shape.Format(TargetShape)}.");
        }
        return inputs.Reshape([inputs.Shape[0], .. TargetShape]);
    }

    /// <summary>Keras's config: the base config and target_shape.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["target_shape"] = TargetShape;
        return config;
    }
}
