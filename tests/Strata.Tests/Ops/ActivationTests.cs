using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>Relu, Sigmoid, Tanh, Softmax and LogSoftmax against double-precision references, including extreme inputs.</summary>
public class ActivationTests
{
    /// <summary>Softmax (or log-softmax) along <paramref name="axis"/> of a row-major array, in double precision.</summary>
    private static double[] SoftmaxReference(double[] x, int[] shape, int axis, bool log)
    {
        int outer = shape[..axis].Aggregate(1, (p, d) => p * d), length = shape[axis];
        int inner = shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                int at(int k) => (o * length + k) * inner + j;
                double max = Enumerable.Range(0, length).Max(k => x[at(k)]);
                double sum = Enumerable.Range(0, length).Sum(k => Math.Exp(x[at(k)] - max));
                for (int k = 0; k < length; k++)
                {
                    y[at(k)] = log ? x[at(k)] - max - Math.Log(sum) : Math.Exp(x[at(k)] - max) / sum;
                }
            }
        }
        return y;
    }

    [Fact]
    public void Relu_ZeroesNegatives()
    {
        Exactly(Ops.Relu(F([-2, -0.5f, 0, 0.5f, 3, float.NegativeInfinity], 2, 3)), [2, 3], 0f, 0, 0, 0.5f, 3, 0);
    }

    [Fact]
    public void Sigmoid_MatchesDoublePrecision_AndSaturatesWithoutNaN()
    {
        float[] x = [-100, -20, -3, -1, 0, 0.5f, 1, 3, 20, 100];
        Near(Ops.Sigmoid(F(x, x.Length)), [x.Length], x.Select(v => 1 / (1 + Math.Exp(-(double)v))).ToArray(), 2e-6);
        float[] y = Ops.Sigmoid(F([-1000, 1000, float.NegativeInfinity, float.PositiveInfinity], 4)).ToArray<float>();
        Assert.Equal([0f, 1f, 0f, 1f], y);
    }

    [Fact]
    public void Tanh_MatchesDoublePrecision_AndSaturatesWithoutNaN()
    {
        float[] x = [-50, -3, -1, -0.1f, 0, 0.1f, 1, 3, 50];
        Near(Ops.Tanh(F(x, x.Length)), [x.Length], x.Select(v => Math.Tanh(v)).ToArray(), 2e-6);
        Assert.Equal([-1f, 1f], Ops.Tanh(F([-1000, 1000], 2)).ToArray<float>());
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, -1)]
    [InlineData(new[] { 3, 5 }, 1)]
    [InlineData(new[] { 4, 3 }, 0)]
    [InlineData(new[] { 2, 3, 4 }, 1)]
    [InlineData(new[] { 2, 3, 4 }, -3)]
    [InlineData(new[] { 7 }, 0)]
    public void Softmax_MatchesDoublePrecision_AlongEachAxis(int[] shape, int axis)
    {
        var (x, values) = RandomValues(11, shape, -5f, 5f);
        int a = axis < 0 ? axis + shape.Length : axis;
        Near(Ops.Softmax(x, axis), shape, SoftmaxReference(values, shape, a, log: false), 1e-6);
        Near(Ops.LogSoftmax(x, axis), shape, SoftmaxReference(values, shape, a, log: true), 1e-5);
    }

    [Fact]
    public void Softmax_DefaultAxisIsTheLast_AndRowsSumToOne()
    {
        var (x, _) = RandomValues(12, [6, 10], -30f, 30f);
        Tensor y = Ops.Softmax(x);
        Near(y, [6, 10], SoftmaxReference(x.ToArray<float>().Select(v => (double)v).ToArray(), [6, 10], 1, log: false));
        Near(Ops.Sum(y, axis: 1), [6], Enumerable.Repeat(1.0, 6).ToArray(), 1e-6);
    }

    [Fact]
    public void Softmax_OfHugeSpread_HasNoNaN()
    {
        Near(Ops.Softmax(F([1000, 0, -1000], 3)), [3], [1, 0, 0]);
        Near(Ops.Softmax(F([-1000, -1000], 2)), [2], [0.5, 0.5]);
        Near(Ops.Softmax(F([1e30f, 1e30f, 0], 3)), [3], [0.5, 0.5, 0]);
        Near(Ops.Softmax(F([float.NegativeInfinity, 0, 0], 3)), [3], [0, 0.5, 0.5]);
        // columns: [1000, 1] -> [1, 0]; [0, 1] -> sigmoid(-1), sigmoid(1); [-1000, 1] -> [0, 1]
        double s = 1 / (1 + Math.E);
        Near(Ops.Softmax(F([1000, 0, -1000, 1, 1, 1], 2, 3), axis: 0), [2, 3], [1, s, 0, 0, 1 - s, 1]);
    }

    [Fact]
    public void LogSoftmax_OfHugeSpread_IsFiniteAndExact()
    {
        Near(Ops.LogSoftmax(F([1000, 0, -1000], 3)), [3], [0, -1000, -2000]);
        Near(Ops.LogSoftmax(F([-1000, -1000], 2)), [2], [-Math.Log(2), -Math.Log(2)]);
        Near(Ops.LogSoftmax(F([float.NegativeInfinity, 0], 2)), [2], [double.NegativeInfinity, 0]);
    }

    [Fact]
    public void ExpOfLogSoftmax_EqualsSoftmax()
    {
        var (x, _) = RandomValues(13, [4, 6], -8f, 8f);
        Near(Ops.Exp(Ops.LogSoftmax(x, 0)), [4, 6], Ops.Softmax(x, 0).ToArray<float>().Select(v => (double)v).ToArray(), 1e-5);
    }

    [Fact]
    public void Softmax_OfUniformRow_IsUniform_AndOfIntegersIsFloat()
    {
        Near(Ops.Softmax(F([3, 3, 3, 3], 4)), [4], [0.25, 0.25, 0.25, 0.25]);
        Near(Ops.Softmax(Tensor.FromArray(new[] { 0, 0 })), [2], [0.5, 0.5]);
    }

    [Fact]
    public void Activations_ReadSlicedViews()
    {
        Tensor m = F([9, 9, 9, 0, 1, 2, -1, 0, 1], 3, 3);
        double[] row = SoftmaxReference([0, 1, 2], [3], 0, log: false);
        Near(Ops.Softmax(m[1..2]), [1, 3], row);
        Near(Ops.Softmax(m[1..], axis: 0), [2, 3], SoftmaxReference([0, 1, 2, -1, 0, 1], [2, 3], 0, log: false));
        Exactly(Ops.Relu(m[2]), [3], 0f, 0, 1);
    }
}
