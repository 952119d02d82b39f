namespace Strata.Initializers;

/// <summary>He uniform: U(-limit, limit) with limit = sqrt(6 / fan_in).</summary>
public class HeUniform(int? seed = null) : VarianceScaling(2f, "fan_in", "uniform", seed)
{
    // As Keras, the config holds only the seed: the rest is implied by the class.
    /// <summary>The config, {"seed": seed} only, as Keras: the rest is implied by the class.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
