namespace Strata.Initializers;

/// <summary>Uniform values in [minval, maxval) (Keras's defaults: -0.05 to 0.05).</summary>
public class RandomUniform : RandomInitializer
{
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null) : base(seed)
    {
        if (!(maxval >= minval))
        {
            throw new ArgumentException($"RandomUniform: maxval ({maxval}) must not be below minval ({minval}).", nameof(maxval));
        }
        Minval = (float)minval;
        Maxval = (float)maxval;
    }

    public float Minval { get; }

    public float Maxval { get; }

    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        Generator().FillUniform(t.Span<float>(), Minval, Maxval);
        return t;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["minval"] = Minval;
        config["maxval"] = Maxval;
        return config;
    }
}
