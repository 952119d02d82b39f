namespace Strata.Initializers;

/// <summary>Normally distributed values (Keras's defaults: mean 0, stddev 0.05).</summary>
public class RandomNormal(double mean = 0, double stddev = 0.05, int? seed = null) : RandomInitializer(seed)
{
    public float Mean { get; } = (float)mean;

    public float Stddev { get; } = (float)stddev;

    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        Generator().FillNormal(t.Span<float>(), Mean, Stddev);
        return t;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["mean"] = Mean;
        config["stddev"] = Stddev;
        return config;
    }
}
