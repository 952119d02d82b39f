namespace Strata.Initializers;

/// <summary>
/// Normal values with those more than two standard deviations from the mean redrawn
/// (Keras's defaults: mean 0, stddev 0.05).
/// </summary>
public class TruncatedNormal(double mean = 0, double stddev = 0.05, int? seed = null) : RandomInitializer(seed)
{
    /// <summary>The mean (Keras's <c>mean</c>, default 0).</summary>
    public float Mean { get; } = (float)mean;

    /// <summary>The standard deviation before truncation (Keras's <c>stddev</c>, default 0.05).</summary>
    public float Stddev { get; } = (float)stddev;

    /// <summary>A new tensor of <paramref name="shape"/> with normal values, those beyond two standard deviations redrawn.</summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        FillTruncatedNormal(Generator(), t.Span<float>(), Mean, Stddev);
        return t;
    }

    /// <summary>The config: the seed, the mean and the stddev.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["mean"] = Mean;
        config["stddev"] = Stddev;
        return config;
    }
}
