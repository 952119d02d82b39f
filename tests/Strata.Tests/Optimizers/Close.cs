namespace Strata.Tests.Optimizers;

/// <summary>NumPy's assertAllClose, as Keras's tests use it: |actual - expected| ≤ atol + rtol·|expected|.</summary>
internal static class Close
{
    public static void All(Tensor actual, double[] expected, double rtol = 1e-6, double atol = 1e-6)
    {
        Assert.Equal(DType.Float32, actual.DType);
        float[] got = actual.ToArray<float>();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            Assert.True(Math.Abs(got[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:R}, got {got[i]:R}");
        }
    }

    public static void Scalar(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"expected {expected:R}, got {actual:R}");

    public static Variable Var(params float[] values) => new(Tensor.FromArray(values));

    public static Tensor T(params float[] values) => Tensor.FromArray(values);
}
