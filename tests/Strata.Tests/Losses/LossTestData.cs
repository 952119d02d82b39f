namespace Strata.Tests.Losses;

/// <summary>Tensor builders and assertions shared by the loss and metric tests.</summary>
internal static class LossTestData
{
    public static Tensor F(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    public static Tensor I64(long[] values, params int[] shape) => Tensor.FromArray(values, shape);

    public static Tensor I32(int[] values, params int[] shape) => Tensor.FromArray(values, shape);

    public static Tensor S(float value) => Tensor.Scalar(value);

    /// <summary>
    /// Checks a scalar result against a reference, within an absolute tolerance. Keras's own
    /// assertAlmostEqual uses 3 decimals, so 1.5e-3 where the golden value comes from its tests.
    /// </summary>
    public static void Near(double expected, Tensor actual, double tolerance = 1.5e-3)
    {
        Assert.Equal(0, actual.Rank);
        Near(expected, actual.ToScalar(), tolerance);
    }

    public static void Near(double expected, double actual, double tolerance = 1.5e-3) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (tolerance {tolerance})");

    public static void Near(double[] expected, Tensor actual, double tolerance = 1.5e-3)
    {
        float[] got = actual.ToArray<float>();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - got[i]) <= tolerance, $"element {i}: expected {expected[i]:R}, got {got[i]:R}");
        }
    }

    public static void AllFinite(Tensor t)
    {
        foreach (float v in t.ToArray<float>()) Assert.True(float.IsFinite(v), $"non-finite value {v} in {t}");
    }

    /// <summary>The gradient of <paramref name="f"/> (a scalar) with respect to yPred.</summary>
    public static Tensor GradientWrtPrediction(Func<Tensor, Tensor> f, Tensor yPred)
    {
        using var tape = new GradientTape();
        tape.Watch(yPred);
        return tape.Gradient(f(yPred), yPred);
    }

    /// <summary>Checks that <paramref name="action"/> throws ArgumentException mentioning every fragment.</summary>
    public static ArgumentException Error(Func<object?> action, params string[] fragments) => Error(() => { _ = action(); }, fragments);

    public static ArgumentException Error(Action action, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        return ex;
    }
}
