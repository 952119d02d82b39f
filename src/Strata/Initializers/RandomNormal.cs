namespace Strata.Initializers;

/// <summary>Normally distributed values (Keras's defaults: mean 0, stddev 0.05).</summary>
public class RandomNormal(double mean = 0, double stddev = 0.05, int? seed = null) : RandomInitializer(seed)
{
    /// <summary>The mean (Keras's <c>mean</c>, default 0).</summary>
    public float Mean { get; } = (float)mean;

    /// <summary>The standard deviation (Keras's <c>stddev</c>, default 0.05).</summary>
    public float Stddev { get; } = (float)stddev;

    /// <summary>A new tensor of <paramref name="shape"/> with normal values of <see cref="Mean"/> and <see cref="Stddev"/>.</summary>
    /// <param name="shape">The shape of the weight.</param>
    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        Generator().FillNormal(t.Span<float>(), Mean, Stddev);
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
