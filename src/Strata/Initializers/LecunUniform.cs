namespace Strata.Initializers;

/// <summary>LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fan_in).</summary>
public class LecunUniform(int? seed = null) : VarianceScaling(1f, "fan_in", "uniform", seed)
{
    // As Keras, the config holds only the seed: the rest is implied by the class.
    /// <summary>The config, {"seed": seed} only, as Keras: the rest is implied by the class.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
