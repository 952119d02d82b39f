namespace Strata.Layers;

/// <summary>
/// keras.layers.TimeDistributed: a layer applied to every step of a sequence, (batch, steps, …) to
/// (batch, steps, …its output), with one set of weights for all steps: the steps are folded into the batch
/// for the call and unfolded after. A mask (batch, steps) is folded alike for the inner layer, and goes on
/// with the output.
/// </summary>
public class TimeDistributed : Layer
{
    /// <summary>A layer that applies <paramref name="layer"/> to every step of a sequence.</summary>
    /// <param name="layer">The layer applied to each step; its weights are tracked by this one.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public TimeDistributed(Layer layer, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Inner = AddLayer(layer);
        SupportsMasking = true;
    }

    /// <summary>The layer applied to each step (Keras's <c>layer</c>).</summary>
    public Layer Inner { get; }

    /// <summary>Builds the inner layer for one step's shape, (batch, ...) from inputs (batch, steps, ...).</summary>
    protected override void Build(int[] inputShape)
    {
        if (inputShape.Length < 3) throw new ArgumentException($"TimeDistributed '{Name}': expects inputs (batch, steps, …), got shape {SymbolicTensor.FormatShape(inputShape)}.");
        Inner.Build([-1, .. inputShape[2..]]);
    }

    /// <summary>Applies the inner layer to the steps folded into the batch, with the mask folded alike, and unfolds its output to (batch, steps, ...).</summary>
    protected override Tensor Call(Tensor inputs, Tensor? mask, bool training)
    {
        if (inputs.Rank < 3) throw new ArgumentException($"TimeDistributed '{Name}': expects inputs (batch, steps, …), got shape {inputs.Shape}.");
        int batch = inputs.Shape[0], steps = inputs.Shape[1];
        Tensor folded = Ops.Reshape(inputs, [batch * steps, .. inputs.Shape.Dims[2..]]);
        Tensor? foldedMask = mask is null ? null : Ops.Reshape(Masks.ForSteps(mask, inputs, $"TimeDistributed '{Name}'"), batch * steps);
        Tensor output = Inner.Call(folded, foldedMask, training);
        return Ops.Reshape(output, [batch, steps, .. output.Shape.Dims[1..]]);
    }

    /// <summary>Keras's config: the base config and the inner layer's config as <c>layer</c>.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["layer"] = ModelConfig.ToNode(Inner);
        return config;
    }
}
