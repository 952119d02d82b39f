using Strata.Compilation;

namespace Strata.Layers;

/// <summary>
/// Sets a fraction <see cref="Rate"/> of its inputs to zero during training and scales the rest
/// by 1 / (1 - rate), so that the expected sum is unchanged; at inference it passes inputs through.
/// </summary>
public class Dropout : Layer
{
    private readonly RandomGenerator? _generator;
    private Kernel? _maskKernel;

    /// <summary>A dropout layer that drops the fraction <paramref name="rate"/> of its inputs in training.</summary>
    /// <param name="rate">The fraction of inputs set to zero, in [0, 1].</param>
    /// <param name="seed">The seed of the masks, or null for unseeded draws.</param>
    /// <param name="name">The layer's name; null for one made from the class name.</param>
    public Dropout(double rate, int? seed = null, string? name = null)
        : base(name)
    {
        SupportsMasking = true; // keeps each step where it is, as Keras's
        if (!(rate >= 0f && rate <= 1f)) throw new ArgumentException($"Dropout: rate must be between 0 and 1, got {rate}.", nameof(rate));
        Rate = (float)rate;
        Seed = seed;
        _generator = seed is int s ? new RandomGenerator((ulong)s) : null;
    }

    /// <summary>The fraction of inputs set to zero in training (Keras's <c>rate</c>).</summary>
    public float Rate { get; }

    /// <summary>The seed of the masks, or null for unseeded draws (Keras's <c>seed</c>).</summary>
    public int? Seed { get; }

    /// <summary>In training (and rate above 0), the inputs times a fresh mask; otherwise the inputs unchanged.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0f) return inputs;
        return inputs * KeepMask(NoiseShape(inputs.Shape));
    }

    /// <summary>
    /// A fresh mask of this shape: 1 / (1 - rate) where kept, 0 where dropped (Keras's dropout of ones). It is
    /// drawn by an op, so that a compiled step draws a new one on every replay.
    /// </summary>
    internal Tensor KeepMask(Shape shape) =>
        Ops.Run(_maskKernel ??= new Kernel("DropoutMask", (_, mask) => FillMask(mask.Span<float>()), $"rate={Rate}") { Pure = false }, shape, DType.Float32);

    /// <summary>The shape of the mask, broadcast over the inputs: the inputs' own (one draw per value), or fewer axes (a draw per channel).</summary>
    private protected virtual Shape NoiseShape(Shape inputs) => inputs;

    /// <summary>
    /// A training mask: each entry 1 / (1 - rate) with probability 1 - rate, else 0 (all 0 at rate 1, without
    /// drawing). The mask op calls it on every eager call and every replay of a compiled step.
    /// </summary>
    internal void FillMask(Span<float> mask)
    {
        if (Rate == 1f)
        {
            mask.Clear();
            return;
        }
        RandomGenerator generator = _generator ?? Random.For(null);
        float scale = 1f / (1f - Rate);
        for (int i = 0; i < mask.Length; i++) mask[i] = generator.NextFloat() >= Rate ? scale : 0f;
    }

    /// <summary>Keras's config: the base config and rate and seed.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        Dictionary<string, object?> config = base.GetConfig();
        config["rate"] = Rate;
        config["seed"] = Seed;
        return config;
    }
}
