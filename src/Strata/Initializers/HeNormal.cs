namespace Strata.Initializers;

/// <summary>He normal: truncated normal with stddev sqrt(2 / fan_in) after truncation, for ReLU layers.</summary>
public class HeNormal(int? seed = null) : VarianceScaling(2f, "fan_in", "truncated_normal", seed)
{
    // As Keras, the config holds only the seed: the rest is implied by the class.
    /// <summary>The config, {"seed": seed} only, as Keras: the rest is implied by the class.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
