namespace Strata.Layers;

/// <summary>
/// keras.layers.Masking: marks the steps whose features all equal <see cref="MaskValue"/> as padding. Its output is
/// the input with those steps zeroed, and its mask (batch, steps) is true where any feature differs, so that
/// the recurrent layers after it skip the padded steps.
/// </summary>
public class Masking : Layer
{
    public Masking(double maskValue = 0, string? name = null)
        : base(name)
    {
        MaskValue = (float)maskValue;
        SupportsMasking = true;
    }

    public float MaskValue { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor x = inputs.AsType(DType.Float32);
        return x * Ops.Max(Kept(x), -1, keepDims: true);
    }

    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Masks.AsBool(Ops.Max(Kept(inputs.AsType(DType.Float32)), -1));
    }

    /// <summary>1 where a value differs from the mask value.</summary>
    private Tensor Kept(Tensor x) => Ops.Cast(Ops.NotEqual(x, Tensor.Scalar(MaskValue)), DType.Float32);

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["mask_value"] = MaskValue;
        return config;
    }
}
