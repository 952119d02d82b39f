namespace Strata.Layers;

/// <summary>
/// Sets a fraction <see cref="Rate"/> of its inputs to zero during training and scales the rest
/// by 1 / (1 - rate), so that the expected sum is unchanged; at inference it passes inputs through.
/// </summary>
public class Dropout : Layer
{
    private readonly RandomGenerator? _generator;

    public Dropout(float rate, int? seed = null, string? name = null)
        : base(name)
    {
        if (!(rate >= 0f && rate <= 1f)) throw new ArgumentException($"Dropout: rate must be between 0 and 1, got {rate}.", nameof(rate));
        Rate = rate;
        Seed = seed;
        _generator = seed is int s ? new RandomGenerator((ulong)s) : null;
    }

    public float Rate { get; }

    public int? Seed { get; }

    protected override Tensor CallCore(Tensor inputs, bool training)
    {
        if (!training || Rate == 0f) return inputs;
        if (Rate == 1f) return inputs * 0f;
        var keep = new Tensor(inputs.Shape, DType.Float32);
        Span<float> mask = keep.Span<float>();
        RandomGenerator generator = _generator ?? Random.For(null);
        float scale = 1f / (1f - Rate);
        for (int i = 0; i < mask.Length; i++) mask[i] = generator.NextFloat() >= Rate ? scale : 0f;
        return inputs * keep;
    }

    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["rate"] = Rate;
        config["seed"] = Seed;
        return config;
    }
}
