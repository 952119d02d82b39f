namespace Strata.Initializers;

/// <summary>Uniform values in [minval, maxval) (Keras's defaults: -0.05 to 0.05).</summary>
public class RandomUniform : RandomInitializer
{
    /// <summary>Creates the initializer; the defaults are Keras's.</summary>
    /// <param name="minval">The lower bound, inclusive.</param>
    /// <param name="maxval">The upper bound, exclusive; must not be below <paramref name="minval"/>.</param>
    /// <param name="seed">The seed, or null to draw from Strata's global generator.</param>
    /// <exception cref="ArgumentException"><paramref name="maxval"/> is below <paramref name="minval"/>.</exception>
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null) : base(seed)
    {
        if (!(maxval >= minval))
        {
            throw new ArgumentException($"RandomUniform: maxval ({maxval}) must not be below minval ({minval}).", nameof(maxval));
        }
        Minval = (float)minval;
        Maxval = (float)maxval;
    }

    /// <summary>The lower bound (Keras's <c>minval</c>, default -0.05).</summary>
    public float Minval { get; }

    /// <summary>The upper bound (Keras's <c>maxval</c>, default 0.05).</summary>
    public float Maxval { get; }

    /// <summary>A new tensor of <paramref name="shape"/> with values drawn uniformly in [<see cref="Minval"/>, <see cref="Maxval"/>).</summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        Generator().FillUniform(t.Span<float>(), Minval, Maxval);
        return t;
    }

    /// <summary>The config: the seed, minval and maxval.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["minval"] = Minval;
        config["maxval"] = Maxval;
        return config;
    }
}
