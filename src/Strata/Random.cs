namespace Strata;

/// <summary>
/// The global random generator behind initializers, dropout, shuffling and random tensors.
/// <c>Strata.Random.SetSeed(42)</c> makes a whole run reproducible, as keras.utils.set_random_seed.
/// </summary>
public static class Random
{
    private static RandomGenerator _global = new((ulong)System.Random.Shared.NextInt64());

    /// <summary>Seeds the global generator: the same seed gives the same numbers in the same order.</summary>
    public static void SetSeed(int seed) => _global = new RandomGenerator((ulong)seed);

    /// <summary>
    /// Runs <paramref name="make"/> with a throwaway global generator, so that what it draws (the initial values
    /// of weights that loading then overwrites) leaves the global sequence where it was.
    /// </summary>
    internal static T Aside<T>(Func<T> make)
    {
        RandomGenerator global = _global;
        _global = new RandomGenerator(0);
        try
        {
            return make();
        }
        finally
        {
            _global = global;
        }
    }

    /// <summary>The generator an op uses: a private one for an explicit seed, else the global one.</summary>
    internal static RandomGenerator For(int? seed) => seed is int s ? new RandomGenerator((ulong)s) : _global;
}

/// <summary>
/// xoshiro256** (Blackman and Vigna): fast, small state, good statistics; seeded through
/// splitmix64 so that nearby seeds give unrelated streams. Not thread-safe: draw sequentially,
/// which also keeps results independent of the thread count.
/// </summary>
internal sealed class RandomGenerator
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomGenerator(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, n), without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "NextInt: the bound must be positive.");
        ulong m = (NextUInt64() >> 32) * (ulong)n;
        if ((uint)m < (uint)n)
        {
            uint threshold = (uint)-n % (uint)n;
            while ((uint)m < threshold) m = (NextUInt64() >> 32) * (ulong)n;
        }
        return (int)(m >> 32);
    }

    /// <summary>Fills with uniform values in [low, high).</summary>
    public void FillUniform(Span<float> values, float low, float high)
    {
        float range = high - low;
        float below = high > low ? MathF.BitDecrement(high) : high; // rounding must not reach the open bound
        for (int i = 0; i < values.Length; i++) values[i] = MathF.Min(low + range * NextFloat(), below);
    }

    /// <summary>Fills with normal values (Box–Muller in double precision, both outputs used).</summary>
    public void FillNormal(Span<float> values, float mean, float stddev)
    {
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(mean + stddev * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = (float)(mean + stddev * r * Math.Sin(2 * Math.PI * u2));
        }
    }

    /// <summary>A random permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
