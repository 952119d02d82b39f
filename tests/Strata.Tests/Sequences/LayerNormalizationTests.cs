using Strata.Layers;
using Strata.Tests.Autodiff;

namespace Strata.Tests.Sequences;

public class LayerNormalizationTests
{
    [Fact]
    public void NormalizesEachSampleOverItsFeaturesAsKerasDefines()
    {
        var norm = new LayerNormalization();
        Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4, -2, 0, 0, 6 }, 2, 4);
        norm.Build(-1, 4);
        norm.Weights[0].Assign(Tensor.FromArray(new float[] { 1, 2, 1, 0.5f }, 4)); // gamma
        norm.Weights[1].Assign(Tensor.FromArray(new float[] { 0, 0, 1, -1 }, 4));   // beta
        float[] y = norm.Call(x).ToArray<float>();
        float[] xs = x.ToArray<float>(), gamma = [1, 2, 1, 0.5f], beta = [0, 0, 1, -1];
        for (int r = 0; r < 2; r++)
        {
            double mean = xs.Skip(4 * r).Take(4).Average();
            double variance = xs.Skip(4 * r).Take(4).Average(v => (v - mean) * (v - mean));
            for (int c = 0; c < 4; c++)
            {
                double expected = ((xs[(4 * r) + c] - mean) / Math.Sqrt(variance + 1e-3) * gamma[c]) + beta[c];
                Assert.Equal(expected, y[(4 * r) + c], 1e-5);
            }
        }
    }

    [Fact]
    public void GradientsMatchFiniteDifferencesAndTheDefinition()
    {
        Tensor x = Tensor.Uniform([3, 2, 5], -2f, 2f, seed: 3), u = Tensor.Uniform([3, 2, 5], -1f, 1f, seed: 6);
        var norm = new LayerNormalization();
        norm.Build(-1, 2, 5);
        norm.Weights[0].Assign(Tensor.Uniform([5], 0.5f, 1.5f, seed: 4));
        norm.Weights[1].Assign(Tensor.Uniform([5], -1f, 1f, seed: 5));
        GradientCheck.Check(t => norm.Call(t[0]) * u, x);

        // dβ = Σ u over the samples; dγ = Σ u · x̂, x̂ the normalized input.
        Tensor[] grads;
        using (var tape = new GradientTape()) grads = tape.Gradient(Ops.Sum(norm.Call(x) * u), [norm.Weights[0], norm.Weights[1]]);
        float[] xs = x.ToArray<float>(), us = u.ToArray<float>();
        var dGamma = new double[5];
        var dBeta = new double[5];
        for (int r = 0; r < 6; r++)
        {
            double mean = xs.Skip(5 * r).Take(5).Average();
            double variance = xs.Skip(5 * r).Take(5).Average(v => (v - mean) * (v - mean));
            for (int c = 0; c < 5; c++)
            {
                dGamma[c] += us[(5 * r) + c] * (xs[(5 * r) + c] - mean) / Math.Sqrt(variance + 1e-3);
                dBeta[c] += us[(5 * r) + c];
            }
        }
        for (int c = 0; c < 5; c++)
        {
            Assert.Equal(dGamma[c], grads[0].ToArray<float>()[c], 1e-4);
            Assert.Equal(dBeta[c], grads[1].ToArray<float>()[c], 1e-4);
        }
    }

    [Fact]
    public void KerasParameterCount()
    {
        var input = new Input(shape: [10, 64]);
        var model = new Model(input, new LayerNormalization().Call(input));
        Assert.Equal(128, model.CountParams());
        Assert.Equal([-1, 10, 64], model.Layers[^1].OutputDims!);
    }
}
