namespace Strata.Tests.Tensors;

public class IndexingTests
{
    private static Tensor Rows(int n, int width = 3) => Tensor.Arange(0f, n * width).Reshape(n, width);

    [Fact]
    public void RangesSliceTheBatchAxis()
    {
        Tensor x = Rows(10);
        Assert.Equal(new[] { 4, 3 }, x[..4].Shape.ToArray());
        Assert.Equal(new[] { 0f, 1f, 2f }, x[..4][0].ToArray<float>());
        Assert.Equal(new[] { 24f, 25f, 26f, 27f, 28f, 29f }, x[^2..].ToArray<float>());
        Assert.Equal(new[] { 9f, 10f, 11f }, x[3..4].ToArray<float>());
        Assert.Equal(0, x[5..5].Size);
    }

    [Fact]
    public void IndicesDropTheFirstAxis()
    {
        Tensor x = Rows(4);
        Assert.Equal(new[] { 3 }, x[1].Shape.ToArray());
        Assert.Equal(new[] { 9f, 10f, 11f }, x[^1].ToArray<float>());
        Assert.Equal(5f, x[1][2].Item<float>());
        Assert.Equal(0, x[1][2].Rank);
    }

    [Fact]
    public void SeveralRangesSliceInnerAxes()
    {
        Tensor x = Tensor.Arange(0f, 24f).Reshape(2, 3, 4);
        Tensor y = x[.., 1..3, ^1..];
        Assert.Equal(new[] { 2, 2, 1 }, y.Shape.ToArray());
        Assert.Equal(new[] { 7f, 11f, 19f, 23f }, y.ToArray<float>());
    }

    [Fact]
    public void SlicesOfSlicesKeepTheirOffset()
    {
        Tensor x = Rows(10);
        Tensor y = x[2..8][1..3];
        Assert.Equal(new[] { 9f, 10f, 11f, 12f, 13f, 14f }, y.ToArray<float>());
        Assert.Equal(new[] { 10f, 13f }, y[.., 1..2].Reshape(-1).ToArray<float>());
        Assert.Equal(new[] { 18f, 20f, 22f, 24f, 26f, 28f }, (y + y).ToArray<float>());
    }
}
