namespace Strata.Initializers;

/// <summary>Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fan_in + fan_out)) after truncation.</summary>
public class GlorotNormal(int? seed = null) : VarianceScaling(1f, "fan_avg", "truncated_normal", seed)
{
    // As Keras, the config holds only the seed: the rest is implied by the class.
    /// <summary>The config, {"seed": seed} only, as Keras: the rest is implied by the class.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
