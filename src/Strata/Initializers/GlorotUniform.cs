namespace Strata.Initializers;

/// <summary>Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)); Keras's default for kernels.</summary>
public class GlorotUniform(int? seed = null) : VarianceScaling(1f, "fan_avg", "uniform", seed)
{
    // As Keras, the config holds only the seed: the rest is implied by the class.
    /// <summary>The config, {"seed": seed} only, as Keras: the rest is implied by the class.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
