namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// log(1 + x), accurate for tiny x where log(1 + x) would round 1 + x to 1 and return 0
    /// (the stable binary crossentropy from logits needs it for large |logits|).
    /// </summary>
    public static Tensor Log1p(Tensor x)
    {
        return Map(Log1pKernel, ToFloat(x, "Log1p")).Record(x, g => g / (1f + x));
    }

    private static readonly Strata.Compilation.Kernel Log1pKernel = Unary("Log1p", static (s, d) =>
    {
        for (int i = 0; i < s.Length; i++) d[i] = Log1p(s[i]);
    });

    /// <summary>
    /// The classic correction (Goldberg, 1991): u = 1 + x is rounded, but log(u) · x / (u - 1)
    /// cancels that rounding error exactly, to within an ulp or so.
    /// </summary>
    private static float Log1p(float x)
    {
        float u = 1f + x;
        if (u == 1f) return x;
        if (float.IsPositiveInfinity(u)) return u;
        return MathF.Log(u) * (x / (u - 1f));
    }
}
