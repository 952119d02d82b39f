namespace Strata.Initializers;

/// <summary>
/// Normal values with those more than two standard deviations from the mean redrawn
/// (Keras's defaults: mean 0, stddev 0.05).
/// </summary>
public class TruncatedNormal(double mean = 0, double stddev = 0.05, int? seed = null) : RandomInitializer(seed)
{
    public float Mean { get; } = (float)mean;

    public float Stddev { get; } = (float)stddev;

    public override Tensor Call(int[] shape)
    {
        Tensor t = NewTensor(shape);
        FillTruncatedNormal(Generator(), t.Span<float>(), Mean, Stddev);
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
