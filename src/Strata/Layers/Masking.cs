namespace Strata.Layers;

/// <summary>
/// keras.layers.Masking: marks the steps whose features all equal <see cref="MaskValue"/> as padding. Its output is
/// the input with those steps zeroed, and its mask (batch, steps) is true where any feature differs, so that
/// the recurrent layers after it skip the padded steps.
/// </summary>
public class Masking : Layer
{
    /// <summary>A masking layer for steps whose features all equal <paramref name="maskValue"/>.</summary>
    /// <param name="maskValue">The value that marks padding; 0 by default.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Masking(double maskValue = 0, string? name = null)
        : base(name)
    {
        MaskValue = (float)maskValue;
        SupportsMasking = true;
    }

    /// <summary>The value that marks padding (Keras's <c>mask_value</c>).</summary>
    public float MaskValue { get; }

    /// <summary>The inputs as float32, with the steps whose features all equal <see cref="MaskValue"/> zeroed.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor x = inputs.AsType(DType.Float32);
        return x * Ops.Max(Kept(x), -1, keepDims: true);
    }

    /// <summary>Keras's compute_mask: (batch, steps), true where any feature differs from <see cref="MaskValue"/>; the mask given is ignored.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Masks.AsBool(Ops.Max(Kept(inputs.AsType(DType.Float32)), -1));
    }

    /// <summary>1 where a value differs from the mask value.</summary>
    private Tensor Kept(Tensor x) => Ops.Cast(Ops.NotEqual(x, Tensor.Scalar(MaskValue)), DType.Float32);

    /// <summary>Keras's config: the base config and mask_value.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["mask_value"] = MaskValue;
        return config;
    }
}
