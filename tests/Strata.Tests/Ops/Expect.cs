namespace Strata.Tests.OpsTests;

// (The namespace is not "Strata.Tests.Ops": that would hide the Strata.Ops class in these files.)

/// <summary>Assertions shared by the op tests: exact values, values near a double reference, and error messages.</summary>
internal static class Expect
{
    /// <summary>A float32 tensor of the given values and shape.</summary>
    public static Tensor F(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Checks dtype (from T), shape and every element exactly.</summary>
    public static void Exactly<T>(Tensor actual, int[] shape, params T[] expected)
    {
        Assert.Equal(DTypes.Of<T>(), actual.DType);
        Assert.Equal(shape, actual.Shape.ToArray());
        Assert.Equal(expected, actual.ToArray<T>());
    }

    /// <summary>
    /// Checks a float32 tensor against double-precision references: NaN and infinities must match
    /// exactly, finite values within <paramref name="tolerance"/> relative to max(1, |expected|).
    /// </summary>
    public static void Near(Tensor actual, int[] shape, double[] expected, double tolerance = 1e-6)
    {
        Assert.Equal(DType.Float32, actual.DType);
        Assert.Equal(shape, actual.Shape.ToArray());
        float[] got = actual.ToArray<float>();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected[i];
            if (double.IsNaN(e) || double.IsInfinity(e))
            {
                Assert.True(e.Equals((double)got[i]), $"element {i}: expected {e}, got {got[i]}");
                continue;
            }
            Assert.True(Math.Abs(got[i] - e) <= tolerance * Math.Max(1.0, Math.Abs(e)),
                $"element {i}: expected {e:R}, got {got[i]:R}");
        }
    }

    /// <summary>
    /// Checks that <paramref name="action"/> throws ArgumentException (or a subclass, never an
    /// IndexOutOfRangeException from inside a kernel) whose message contains every fragment.
    /// </summary>
    public static ArgumentException Error(Func<object?> action, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        return ex;
    }

    /// <summary>Uniform random values in [low, high) from a fixed seed, with their float values as doubles.</summary>
    public static (Tensor Tensor, double[] Values) RandomValues(int seed, int[] shape, float low = -2f, float high = 2f)
    {
        Tensor t = Tensor.Uniform(shape, low, high, seed: seed);
        return (t, t.ToArray<float>().Select(v => (double)v).ToArray());
    }
}
