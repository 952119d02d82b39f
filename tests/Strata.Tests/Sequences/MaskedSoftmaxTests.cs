using Strata.Tests.Autodiff;

namespace Strata.Tests.Sequences;

/// <summary>Ops.MaskedSoftmax against Keras's definition (softmax of x + (1 − mask)·(−1e9)), its gradient, and its split over threads.</summary>
public class MaskedSoftmaxTests
{
    public static TheoryData<int[]?> MaskShapes() => new() { null, new[] { 2, 1, 1, 5 }, new[] { 2, 1, 3, 5 }, new[] { 1, 1, 3, 5 }, new[] { 5 } };

    [Theory]
    [MemberData(nameof(MaskShapes))]
    public void MatchesKerasSoftmaxWithAMask(int[]? maskShape)
    {
        Tensor x = Tensor.Uniform([2, 2, 3, 5], -3f, 3f, seed: 1);
        Tensor? mask = maskShape is null ? null : Ops.Greater(Tensor.Uniform(maskShape, 0f, 1f, seed: 2), Tensor.Scalar(0.35f));
        float[] y = Ops.MaskedSoftmax(x, mask).ToArray<float>();
        // Keras: inputs += (1 − mask) · (−1e9), then softmax, in double here.
        float[] keep = mask is null ? Tensor.Ones(2, 2, 3, 5).ToArray<float>() : Ops.BroadcastTo(mask.AsType(DType.Float32), 2, 2, 3, 5).ToArray<float>();
        float[] xs = x.ToArray<float>();
        for (int row = 0; row < 12; row++)
        {
            double[] shifted = Enumerable.Range(0, 5).Select(j => (double)(xs[(row * 5) + j] + ((1f - keep[(row * 5) + j]) * -1e9f))).ToArray();
            double max = shifted.Max(), sum = shifted.Sum(v => Math.Exp(v - max));
            for (int j = 0; j < 5; j++) Assert.Equal(Math.Exp(shifted[j] - max) / sum, y[(row * 5) + j], 1e-6);
        }
        GradientCheck.Check(t => Ops.MaskedSoftmax(t[0], mask), x);
    }

    [Fact]
    public void RowsSplitOverThreadsGiveTheSameBits()
    {
        Tensor x = Tensor.Uniform([4, 2, 100, 100], -3f, 3f, seed: 3), g = Tensor.Uniform([4, 2, 100, 100], seed: 4);
        Tensor mask = Ops.Greater(Tensor.Uniform([4, 1, 1, 100], 0f, 1f, seed: 5), Tensor.Scalar(0.2f));
        float[][] Run(int threads) => Kernels.WithThreads.Run<float[][]>(threads, () =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            Tensor y = Ops.MaskedSoftmax(x, mask);
            return [y.ToArray<float>(), tape.Gradient(Ops.Sum(y * g), [x])[0].ToArray<float>()];
        });
        float[][] one = Run(1), two = Run(2);
        Assert.Equal(one[0], two[0]);
        Assert.Equal(one[1], two[1]);
    }

    [Fact]
    public void AMaskThatDoesNotBroadcastIsNamed()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => Ops.MaskedSoftmax(Tensor.Zeros(2, 3, 5), Tensor.Ones(2, 4, 5)));
        Assert.Contains("MaskedSoftmax", e.Message);
        Assert.Contains("(2, 4, 5)", e.Message);
    }
}
