namespace Strata.Initializers;

/// <summary>LeCun normal: truncated normal with stddev sqrt(1 / fan_in) after truncation (for SELU).</summary>
public class LecunNormal(int? seed = null) : VarianceScaling(1f, "fan_in", "truncated_normal", seed)
{
    // As Keras, the config holds only the seed: the rest is implied by the class.
    /// <summary>The config, {"seed": seed} only, as Keras: the rest is implied by the class.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
