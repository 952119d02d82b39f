using Strata.Regularizers;

namespace Strata.Tests.Regularizers;

/// <summary>L1, L2, L1L2 and OrthogonalRegularizer: values by hand, gradients through a tape (regularizers_test.py).</summary>
public class RegularizerTests
{
    private static readonly float[] Values = [1.5f, -2f, 0.5f, -0.25f];

    private static Variable W() => new(Tensor.FromArray(Values, 2, 2));

    private static (float Penalty, float[] Gradient) Evaluate(Regularizer regularizer)
    {
        Variable w = W();
        using var tape = new GradientTape();
        Tensor penalty = regularizer.Call(w);
        Assert.Equal([], penalty.Shape.ToArray());
        return (penalty.ToScalar(), tape.Gradient(penalty, [w])[0].ToArray<float>());
    }

    private static void Near(double expected, double actual, double tolerance = 1e-6) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");

    [Fact] // test_l1
    public void L1_ValueAndGradient()
    {
        var (penalty, gradient) = Evaluate(new L1(0.1f));
        Near(0.1 * (1.5 + 2 + 0.5 + 0.25), penalty);
        Assert.Equal(new[] { 0.1f, -0.1f, 0.1f, -0.1f }, gradient); // l1 · sign(x)
    }

    [Fact] // test_l2
    public void L2_ValueAndGradient()
    {
        var (penalty, gradient) = Evaluate(new L2(0.1f));
        Near(0.1 * (2.25 + 4 + 0.25 + 0.0625), penalty);
        for (int i = 0; i < 4; i++) Near(2 * 0.1 * Values[i], gradient[i]); // 2 · l2 · x
    }

    [Fact] // test_l1_l2
    public void L1L2_ValueAndGradient()
    {
        var (penalty, gradient) = Evaluate(new L1L2(l1: 0.1f, l2: 0.2f));
        Near(0.1 * 4.25 + 0.2 * 6.5625, penalty);
        for (int i = 0; i < 4; i++) Near(0.1 * Math.Sign(Values[i]) + 2 * 0.2 * Values[i], gradient[i]);
        Assert.Equal(0f, new L1L2().Call(W()).ToScalar()); // Keras 3's defaults: no penalty
    }

    [Fact] // the Regularizer docstring: L2(2.) on ones(5, 5) is 50
    public void L2_DocstringExample() => Assert.Equal(50f, new L2(2f).Call(Tensor.Ones(5, 5)).ToScalar());

    [Fact] // test_l1_with_zero_weights
    public void L1_OfZeros_IsZero_WithZeroGradient()
    {
        var w = new Variable(Tensor.Zeros(4, 4));
        using var tape = new GradientTape();
        Tensor penalty = new L1(0.1f).Call(w);
        Assert.Equal(0f, penalty.ToScalar());
        Assert.All(tape.Gradient(penalty, [w])[0].ToArray<float>(), g => Assert.Equal(0f, g));
    }

    [Fact] // test_orthogonal_regularizer: factor · 0.5 · Σ|cos| off the diagonal / number of pairs
    public void Orthogonal_Rows_AndColumns_ByHand()
    {
        // Rows (1.5, -2) and (0.5, -0.25): cos = (0.75 + 0.5) / (2.5 · sqrt(0.3125)).
        double cosRows = 1.25 / (2.5 * Math.Sqrt(0.3125));
        Near(0.1 * 0.5 * 2 * Math.Abs(cosRows) / 1, new OrthogonalRegularizer(0.1f, "rows").Call(W()).ToScalar());
        // Columns (1.5, 0.5) and (-2, -0.25): cos = (-3 - 0.125) / (sqrt(2.5) · sqrt(4.0625)).
        double cosCols = -3.125 / (Math.Sqrt(2.5) * Math.Sqrt(4.0625));
        Near(0.1 * 0.5 * 2 * Math.Abs(cosCols) / 1, new OrthogonalRegularizer(0.1f, "columns").Call(W()).ToScalar());
        // Orthogonal rows cost nothing.
        Assert.Equal(0f, new OrthogonalRegularizer().Call(Tensor.FromArray(new[] { 1f, 0f, 0f, 3f }, 2, 2)).ToScalar());
    }

    [Fact]
    public void Orthogonal_GradientMatchesFiniteDifferences()
    {
        var reg = new OrthogonalRegularizer(1f);
        float[] start = [0.3f, -0.7f, 0.2f, 0.9f, 0.4f, -0.1f];
        var w = new Variable(Tensor.FromArray(start, 3, 2));
        float[] gradient;
        using (var tape = new GradientTape()) gradient = tape.Gradient(reg.Call(w), [w])[0].ToArray<float>();
        for (int i = 0; i < start.Length; i++)
        {
            const float h = 1e-3f;
            float[] plus = (float[])start.Clone(), minus = (float[])start.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (reg.Call(Tensor.FromArray(plus, 3, 2)).ToScalar() - reg.Call(Tensor.FromArray(minus, 3, 2)).ToScalar()) / (2 * h);
            Near(numeric, gradient[i], 2e-3);
        }
    }

    [Fact] // test_orthogonal_regularizer_mode_validation / input_rank_validation
    public void Orthogonal_InvalidModeOrRank_Throws()
    {
        Assert.Contains("invalid mode", Assert.Throws<ArgumentException>(() => new OrthogonalRegularizer(0.01f, "invalid_mode")).Message);
        Assert.Contains("rank 2", Assert.Throws<ArgumentException>(() => new OrthogonalRegularizer(0.1f).Call(Tensor.Zeros(4, 4, 4))).Message);
    }

    [Fact] // validate_float_arg
    public void NegativeOrNonFiniteFactors_Throw()
    {
        Assert.ThrowsAny<ArgumentException>(() => new L1(-0.1f));
        Assert.ThrowsAny<ArgumentException>(() => new L2(float.NaN));
        Assert.ThrowsAny<ArgumentException>(() => new L1L2(l2: float.PositiveInfinity));
        Assert.ThrowsAny<ArgumentException>(() => new OrthogonalRegularizer(-1f));
    }

    [Fact] // test_get_method
    public void Get_ByName()
    {
        Assert.IsType<L1L2>(Regularizer.Get("l1l2"));
        Assert.IsType<L1L2>(Regularizer.Get("l1_l2"));
        Assert.IsType<L1>(Regularizer.Get("l1"));
        Assert.IsType<L2>(Regularizer.Get("L2"));
        Assert.IsType<OrthogonalRegularizer>(Regularizer.Get("orthogonal_regularizer"));
        Assert.Equal(0.01f, ((L2)Regularizer.Get("l2")).Factor);
        var ex = Assert.Throws<ArgumentException>(() => Regularizer.Get("typo"));
        Assert.Contains("'typo'", ex.Message);
        Assert.Contains("l1l2", ex.Message);
    }

    [Fact] // test_config, test_l1l2_get_config
    public void Configs_AndNames_AsKeras()
    {
        Assert.Equal(new Dictionary<string, object?> { ["l1"] = 0.1f }, new L1(0.1f).GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["l2"] = 0.1f }, new L2(0.1f).GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["l1"] = 0.01f, ["l2"] = 0.02f }, new L1L2(0.01f, 0.02f).GetConfig());
        Assert.Equal(new Dictionary<string, object?> { ["factor"] = 0.01f, ["mode"] = "columns" }, new OrthogonalRegularizer(0.01f, "columns").GetConfig());
        Assert.Equal(["l1", "l2", "l1l2", "orthogonal_regularizer"], new Regularizer[] { new L1(), new L2(), new L1L2(), new OrthogonalRegularizer() }.Select(r => r.Name));
    }
}
