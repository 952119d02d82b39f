using Strata.Layers;
using Strata.Tests.Autodiff;
using Strata.Tests.Convolution;

namespace Strata.Tests.Sequences;

/// <summary>MultiHeadAttention against Keras's equations written out in double precision, with and without masks.</summary>
public class MultiHeadAttentionTests
{
    private const int Batch = 2, Tq = 3, Tv = 4, Dq = 5, Dv = 6, Heads = 2, KeyDim = 3, ValueDim = 2;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatchesTheDirectDefinition(bool withMask, bool causal)
    {
        var mha = new MultiHeadAttention(Heads, KeyDim, ValueDim);
        Tensor query = Tensor.Uniform([Batch, Tq, Dq], -1f, 1f, seed: 1), value = Tensor.Uniform([Batch, Tv, Dv], -1f, 1f, seed: 2);
        bool[] maskValues = Enumerable.Range(0, Batch * Tq * Tv).Select(i => i % 3 != 1).ToArray();
        Tensor? mask = withMask ? Tensor.FromArray(maskValues, Batch, Tq, Tv) : null;
        mha.Call(query, value);
        for (int i = 0; i < mha.Weights.Count; i++) mha.Weights[i].Assign(Tensor.Uniform(mha.Weights[i].Value.Shape.ToArray(), -0.7f, 0.7f, seed: 10 + i));
        float[] y = mha.Call(query, value, attentionMask: mask, useCausalMask: causal).ToArray<float>();

        float[][] w = mha.Weights.Select(v => v.Value.ToArray<float>()).ToArray(); // Keras's order: q kernel, q bias, k kernel, k bias, v…, output…
        float[] q = query.ToArray<float>(), x = value.ToArray<float>();
        for (int b = 0; b < Batch; b++)
            for (int i = 0; i < Tq; i++)
            {
                var output = new double[Dq];
                for (int o = 0; o < Dq; o++) output[o] = w[7][o];
                for (int h = 0; h < Heads; h++)
                {
                    double[] qh = Project(q, b, i, Tq, Dq, w[0], w[1], h, KeyDim).Select(v => v / Math.Sqrt(KeyDim)).ToArray();
                    var scores = new double[Tv];
                    for (int j = 0; j < Tv; j++)
                    {
                        double[] kh = Project(x, b, j, Tv, Dv, w[2], w[3], h, KeyDim);
                        scores[j] = qh.Zip(kh, (a, c) => a * c).Sum();
                        bool allowed = (!withMask || maskValues[(((b * Tq) + i) * Tv) + j]) && (!causal || j <= i);
                        if (!allowed) scores[j] += -1e9;
                    }
                    double max = scores.Max();
                    double[] e = scores.Select(s => Math.Exp(s - max)).ToArray();
                    double sum = e.Sum();
                    for (int j = 0; j < Tv; j++)
                    {
                        double[] vh = Project(x, b, j, Tv, Dv, w[4], w[5], h, ValueDim);
                        for (int d = 0; d < ValueDim; d++)
                            for (int o = 0; o < Dq; o++) output[o] += e[j] / sum * vh[d] * w[6][(((h * ValueDim) + d) * Dq) + o];
                    }
                }
                for (int o = 0; o < Dq; o++) Assert.Equal(output[o], y[(((b * Tq) + i) * Dq) + o], 1e-5);
            }
        GradientCheck.Check(t => mha.Call(t[0], t[1], attentionMask: mask, useCausalMask: causal), query, value);
    }

    [Fact]
    public void KerasWeightShapesParameterCountAndSaving()
    {
        var query = new Input(shape: [7, 32]);
        var mha = new MultiHeadAttention(numHeads: 2, keyDim: 16);
        var model = new Model(query, mha.Call([query, query]));
        // Per projection 32·2·16 + 2·16; the output 2·16·32 + 32.
        Assert.Equal((3 * ((32 * 2 * 16) + (2 * 16))) + ((2 * 16 * 32) + 32), model.CountParams());
        Assert.Equal([32, 2, 16], mha.Weights[0].Shape.ToArray());
        Assert.Equal([2, 16, 32], mha.Weights[6].Shape.ToArray());
        Assert.Equal([-1, 7, 32], model.Layers[^1].OutputDims!);
        Tensor x = Tensor.Uniform([2, 7, 32], seed: 3);
        Assert.Equal(model.Predict(x, verbose: 0).ToArray<float>(), RoundTrip.SaveAndLoad(model).Predict(x, verbose: 0).ToArray<float>());
        Assert.Contains("attention mask", Assert.Throws<ArgumentException>(() => mha.Call(x, x, attentionMask: Tensor.Zeros(2, 7, 6))).Message);
    }

    /// <summary>Step t of sample b projected for head h: x·kernel[:, h, :] + bias[h, :].</summary>
    private static double[] Project(float[] x, int b, int t, int steps, int d, float[] kernel, float[] bias, int h, int dim)
    {
        var result = new double[dim];
        for (int k = 0; k < dim; k++)
        {
            double sum = bias[(h * dim) + k];
            for (int f = 0; f < d; f++) sum += x[(((b * steps) + t) * d) + f] * kernel[(((f * Heads) + h) * dim) + k];
            result[k] = sum;
        }
        return result;
    }
}
