namespace Strata.Layers;

/// <summary>
/// The mean or maximum over every spatial axis (all but the batch and the channels, channels last), as
/// Keras's global pooling layers: (batch, ..., channels) to (batch, channels), or keeping the pooled
/// axes as size 1 with <c>keepDims</c>.
/// </summary>
public abstract class GlobalPooling : Layer
{
    private readonly int _spatialAxes;

    private protected GlobalPooling(int spatialAxes, bool keepDims, string? name)
        : base(name)
    {
        _spatialAxes = spatialAxes;
        KeepDims = keepDims;
    }

    /// <summary>Whether the pooled axes are kept with size 1 (Keras's <c>keepdims</c>).</summary>
    public bool KeepDims { get; }

    /// <summary>Pools (batch, ..., channels) over every axis between the batch and the channels.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (inputs.Rank != _spatialAxes + 2)
        {
            throw new ArgumentException($"{GetType().Name} '{Name}': expects inputs of rank {_spatialAxes + 2} (batch, {string.Join(", ", Enumerable.Repeat("size", _spatialAxes))}, channels), got shape {inputs.Shape}.");
        }
        int[] axes = Enumerable.Range(1, _spatialAxes).ToArray();
        return Pool(inputs, axes);
    }

    private protected abstract Tensor Pool(Tensor inputs, int[] axes);

    /// <summary>Keras's config: the base config and data_format ("channels_last") and keepdims.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["data_format"] = "channels_last";
        config["keepdims"] = KeepDims;
        return config;
    }
}

/// <summary>keras.layers.GlobalAveragePooling2D: (batch, height, width, channels) to (batch, channels).</summary>
public class GlobalAveragePooling2D(bool keepDims = false, string? name = null) : GlobalPooling(2, keepDims, name)
{
    private protected override Tensor Pool(Tensor inputs, int[] axes) => Ops.Mean(inputs, axes, KeepDims);
}

/// <summary>
/// keras.layers.GlobalAveragePooling1D: (batch, steps, channels) to (batch, channels). With a mask (batch, steps),
/// the mean of the steps that count, as Keras's.
/// </summary>
public class GlobalAveragePooling1D : GlobalPooling
{
    /// <summary>A global average pooling layer over the steps.</summary>
    /// <param name="keepDims">Whether to keep the steps axis with size 1.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public GlobalAveragePooling1D(bool keepDims = false, string? name = null)
        : base(1, keepDims, name)
    {
        SupportsMasking = true;
    }

    private protected override Tensor Pool(Tensor inputs, int[] axes) => Ops.Mean(inputs, axes, KeepDims);

    /// <summary>The mean over the steps; with a mask (batch, steps), over the steps that count.</summary>
    protected override Tensor Call(Tensor inputs, Tensor? mask, bool training)
    {
        if (mask is null) return Call(inputs, training);
        Tensor kept = Ops.ExpandDims(Masks.AsFloat(Masks.ForSteps(mask, inputs, $"GlobalAveragePooling1D '{Name}'")), -1);
        return Ops.Sum(inputs.AsType(DType.Float32) * kept, 1, KeepDims) / Ops.Sum(kept, 1, KeepDims);
    }

    /// <summary>The steps are pooled away, and their mask with them.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null) => null;
}

/// <summary>keras.layers.GlobalMaxPooling2D: (batch, height, width, channels) to (batch, channels).</summary>
public class GlobalMaxPooling2D(bool keepDims = false, string? name = null) : GlobalPooling(2, keepDims, name)
{
    private protected override Tensor Pool(Tensor inputs, int[] axes) => Ops.Max(inputs, axes, KeepDims);
}

/// <summary>keras.layers.GlobalMaxPooling1D: (batch, steps, channels) to (batch, channels).</summary>
public class GlobalMaxPooling1D(bool keepDims = false, string? name = null) : GlobalPooling(1, keepDims, name)
{
    private protected override Tensor Pool(Tensor inputs, int[] axes) => Ops.Max(inputs, axes, KeepDims);
}
