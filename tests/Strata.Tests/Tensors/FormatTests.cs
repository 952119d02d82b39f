namespace Strata.Tests.Tensors;

public class FormatTests
{
    [Fact]
    public void MatrixPrintsLikeNumPy()
    {
        Tensor t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal("Tensor(shape=(2, 3), dtype=float32)\n[[1. 2. 3.]\n [4. 5. 6.]]", t.ToString());
    }

    [Fact]
    public void FractionsShareOneNumberOfDecimals()
    {
        Tensor t = Tensor.FromArray(new[] { 0.5f, -1.25f, 3f });
        Assert.Equal("Tensor(shape=(3,), dtype=float32)\n[ 0.50 -1.25  3.00]", t.ToString());
    }

    [Fact]
    public void WideRangesUseScientificNotation()
    {
        Tensor t = Tensor.FromArray(new[] { 1e-5f, 1f });
        Assert.Equal("Tensor(shape=(2,), dtype=float32)\n[1e-05 1e+00]", t.ToString());
    }

    [Fact]
    public void ScalarsIntegersAndBools()
    {
        Assert.Equal("Tensor(shape=(), dtype=float32)\n2.5", Tensor.Scalar(2.5f).ToString());
        Assert.Equal("Tensor(shape=(3,), dtype=int64)\n[ 1 -2 30]", Tensor.FromArray(new long[] { 1, -2, 30 }).ToString());
        Assert.Equal("Tensor(shape=(2,), dtype=bool)\n[ True False]", Tensor.FromArray(new[] { true, false }).ToString());
    }

    [Fact]
    public void ThreeDimensionsSeparateBlocksWithABlankLine()
    {
        Tensor t = Tensor.Arange(8).Reshape(2, 2, 2);
        Assert.Equal("Tensor(shape=(2, 2, 2), dtype=int32)\n[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]", t.ToString());
    }

    [Fact]
    public void LargeTensorsAreSummarized()
    {
        string text = Tensor.Arange(2000).Reshape(2, 1000).ToString();
        Assert.Equal("Tensor(shape=(2, 1000), dtype=int32)\n[[   0    1    2 ...  997  998  999]\n [1000 1001 1002 ... 1997 1998 1999]]", text);
    }

    [Fact]
    public void NonFiniteValues()
    {
        Tensor t = Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, 1f });
        Assert.Equal("Tensor(shape=(3,), dtype=float32)\n[nan inf  1.]", t.ToString());
    }
}
