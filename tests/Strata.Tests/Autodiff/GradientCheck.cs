namespace Strata.Tests.Autodiff;

/// <summary>
/// Compares the tape's gradient of a scalar function with central finite differences, the
/// independent truth for every differentiable op. The function is reduced as sum(f(x) * w)
/// with fixed random weights w, so every output element and its position matter.
/// </summary>
internal static class GradientCheck
{
    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(f, 2e-3f, inputs);

    public static void Check(Func<Tensor[], Tensor> f, float tolerance, params Tensor[] inputs)
    {
        Tensor output = f(inputs);
        Tensor weights = Tensor.Uniform(output.Shape.ToArray(), 0.5f, 1.5f, seed: 7);
        double Loss(Tensor[] xs) => Ops.Sum(f(xs) * weights).AsType(DType.Float32).Item<float>();

        Tensor[] analytic;
        using (var tape = new GradientTape())
        {
            foreach (Tensor x in inputs) tape.Watch(x);
            Tensor loss = Ops.Sum(f(inputs) * weights);
            analytic = tape.Gradient(loss, inputs);
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(inputs[i].Shape, analytic[i].Shape);
            float[] values = inputs[i].ToArray<float>();
            float[] grad = analytic[i].ToArray<float>();
            for (int j = 0; j < values.Length; j++)
            {
                double numeric = Numeric(Loss, inputs, i, values, j);
                double scale = Math.Max(1.0, Math.Abs(numeric));
                Assert.True(Math.Abs(grad[j] - numeric) <= tolerance * scale,
                    $"input {i}, element {j}: tape gives {grad[j]}, finite differences give {numeric}");
            }
        }
    }

    private static double Numeric(Func<Tensor[], double> loss, Tensor[] inputs, int which, float[] values, int element)
    {
        const float h = 1e-2f;
        Tensor[] With(float delta)
        {
            float[] moved = (float[])values.Clone();
            moved[element] += delta;
            Tensor[] copy = (Tensor[])inputs.Clone();
            copy[which] = Tensor.FromArray(moved, inputs[which].Shape.ToArray());
            return copy;
        }
        // Fourth-order central difference: the truncation error stays far below float32 noise.
        double f1 = loss(With(h)), f_1 = loss(With(-h)), f2 = loss(With(2 * h)), f_2 = loss(With(-2 * h));
        return (8 * (f1 - f_1) - (f2 - f_2)) / (12 * h);
    }
}
