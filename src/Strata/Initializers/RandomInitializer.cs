namespace Strata.Initializers;

/// <summary>
/// An initializer that draws random values. With a seed it gives the same values at every call;
/// without one it draws from Strata's global generator, so <c>Strata.Random.SetSeed(42)</c> makes
/// a whole model's weights reproducible.
/// </summary>
public abstract class RandomInitializer : Initializer
{
    /// <summary>Stores the seed.</summary>
    /// <param name="seed">The seed, or null to draw from Strata's global generator.</param>
    protected RandomInitializer(int? seed) => Seed = seed;

    /// <summary>The seed, or null to draw from the global generator (Keras's <c>seed</c>, default null).</summary>
    public int? Seed { get; }

    /// <summary>The config: {"seed": seed}.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };

    /// <summary>A fresh generator for a seed (hence the same values each call), else the global one.</summary>
    private protected RandomGenerator Generator() => Random.For(Seed);

    /// <summary>
    /// Normal values with those beyond two standard deviations redrawn, as Keras's truncated_normal:
    /// the result's standard deviation is about 0.88 × <paramref name="stddev"/>.
    /// </summary>
    private protected static void FillTruncatedNormal(RandomGenerator rng, Span<float> values, float mean, float stddev)
    {
        rng.FillNormal(values, 0f, 1f);
        Span<float> redraw = stackalloc float[2];
        for (int i = 0; i < values.Length; i++)
        {
            float z = values[i];
            while (!(MathF.Abs(z) <= 2f))
            {
                rng.FillNormal(redraw, 0f, 1f);
                z = MathF.Abs(redraw[0]) <= 2f ? redraw[0] : redraw[1];
            }
            values[i] = mean + stddev * z;
        }
    }

    /// <summary>A new float32 tensor of <paramref name="shape"/>, for the subclasses to fill.</summary>
    private protected static Tensor NewTensor(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Tensor.Zeros(shape);
    }
}
