using Strata.Compilation;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// Uniform draws in [0, 1) from <paramref name="generator"/> (the global one when null) as an op, so
    /// that a compiled step draws new values on every replay (augmentation layers, noise).
    /// </summary>
    internal static Tensor RandomUniform(Shape shape, RandomGenerator? generator) =>
        Run(new Kernel("RandomUniform", (_, y) =>
        {
            RandomGenerator g = generator ?? Random.For(null);
            Span<float> values = y.Span<float>();
            for (int i = 0; i < values.Length; i++) values[i] = g.NextFloat();
        })
        { Pure = false }, shape, DType.Float32);
}
