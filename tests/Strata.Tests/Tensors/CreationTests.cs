namespace Strata.Tests.Tensors;

public class CreationTests
{
    [Fact]
    public void FromArrayCopiesAndShapes()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        Tensor t = Tensor.FromArray(data, 2, 3);
        data[0] = 99;
        Assert.Equal(new[] { 2, 3 }, t.Shape.ToArray());
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(1f, t.ToArray<float>()[0]);
        Assert.Equal(new[] { 6 }, Tensor.FromArray(data).Shape.ToArray());
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 2, 1, 3, 2 })]
    [InlineData(new[] { 1, 2, 1, 2, 2 })]
    [InlineData(new[] { 2, 1, 2, 1, 2, 2 })]
    public void TensorsOfRankZeroToSix(int[] shape)
    {
        Tensor t = Tensor.Arange(0f, new Shape(shape).Size).Reshape(shape);
        Assert.Equal(shape.Length, t.Rank);
        Assert.Equal(Enumerable.Range(0, t.Size).Select(i => (float)i), t.ToArray<float>());
        Assert.Equal(t.Size, Ops.Sum(t * 0f + 1f).Item<float>());
    }

    [Fact]
    public void ZerosOnesFull()
    {
        Assert.All(Tensor.Zeros(2, 3).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(4).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(Tensor.Full([2, 2], 7.5f).ToArray<float>(), v => Assert.Equal(7.5f, v));
        Assert.Equal(DType.Int64, Tensor.Zeros(new Shape(3), DType.Int64).DType);
        Assert.Equal(new[] { 1, 1 }, Tensor.Ones(new Shape(2), DType.Int32).ToArray<int>());
        Assert.Equal(new[] { true, true }, Tensor.Full(new Shape(2), true).ToArray<bool>());
    }

    [Fact]
    public void Arange()
    {
        Assert.Equal(new[] { 0, 1, 2, 3 }, Tensor.Arange(4).ToArray<int>());
        Assert.Equal(new[] { 5, 3, 1 }, Tensor.Arange(5, 0, -2).ToArray<int>());
        Assert.Equal(new[] { 0f, 0.5f, 1f, 1.5f }, Tensor.Arange(0f, 2f, 0.5f).ToArray<float>());
        Assert.Equal(0, Tensor.Arange(3, 3).Size);
    }

    [Fact]
    public void ArangeRejectsZeroStepAndHugeCounts()
    {
        Assert.Contains("step", Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 5, 0)).Message);
        Assert.Contains("more than a tensor can hold", Assert.Throws<ArgumentException>(() => Tensor.Arange(0f, 1e10f, 1f)).Message);
    }


    [Fact]
    public void SeededRandomTensorsRepeat()
    {
        Assert.Equal(Tensor.Normal([100], seed: 3).ToArray<float>(), Tensor.Normal([100], seed: 3).ToArray<float>());
        Assert.NotEqual(Tensor.Normal([100], seed: 3).ToArray<float>(), Tensor.Normal([100], seed: 4).ToArray<float>());
        Strata.Random.SetSeed(42);
        float[] first = Tensor.Uniform([10]).ToArray<float>();
        Strata.Random.SetSeed(42);
        Assert.Equal(first, Tensor.Uniform([10]).ToArray<float>());
    }

    [Fact]
    public void NormalHasTheRequestedMoments()
    {
        float[] v = Tensor.Normal([200_000], mean: 2f, stddev: 3f, seed: 1).ToArray<float>();
        double mean = v.Average(x => (double)x);
        double std = Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        Assert.InRange(mean, 1.97, 2.03); // standard error 3/sqrt(2e5) = 0.0067
        Assert.InRange(std, 2.98, 3.02);
        double within1 = v.Count(x => Math.Abs(x - 2) < 3) / (double)v.Length;
        Assert.InRange(within1, 0.677, 0.688); // 68.27% within one sigma
    }

    [Fact]
    public void UniformStaysInRangeAndFillsIt()
    {
        float[] v = Tensor.Uniform([100_000], -1f, 3f, seed: 2).ToArray<float>();
        Assert.All(v, x => Assert.InRange(x, -1f, 3f));
        Assert.True(v.Min() < -0.99f && v.Max() > 2.99f);
        Assert.InRange(v.Average(x => (double)x), 0.98, 1.02);
    }

    [Fact]
    public void ItemAndToScalar()
    {
        Assert.Equal(4.5f, Tensor.Scalar(4.5f).Item<float>());
        Assert.Equal(7f, Tensor.FromArray(new[] { 7 }).ToScalar());
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2).Item<float>());
        Assert.Contains("(2,)", error.Message);
    }
}
