using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

public class BostonHousingTests
{
    private static string Sha256(Tensor t) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(t.ToArray<float>().AsSpan())));

    [Fact]
    public void LoadData_ShufflesAndSplitsAsKeras()
    {
        RealDatasets.Require("boston_housing.npz");
        var ((x, y), (xTest, yTest)) = BostonHousing.LoadData();
        Assert.Equal([404, 13], x.Shape.ToArray());
        Assert.Equal([404], y.Shape.ToArray());
        Assert.Equal([102, 13], xTest.Shape.ToArray());
        Assert.Equal([102], yTest.Shape.ToArray());
        Assert.All(new[] { x, y, xTest, yTest }, t => Assert.Equal(DType.Float32, t.DType));

        // The book's train_data[0] and train_targets[:5]; RandomState(113) puts stored row 22 first.
        Assert.Equal(new[] { 1.23247f, 0f, 8.14f, 0f, 0.538f, 6.142f, 91.7f, 3.9769f, 4f, 307f, 21f, 396.9f, 18.72f }, x.ToArray<float>()[..13]);
        Assert.Equal(new[] { 15.2f, 42.3f, 50f, 21.1f, 17.7f }, y.ToArray<float>()[..5]);
        Assert.Equal(new[] { 18.0846f, 0f, 18.1f, 0f, 0.679f, 6.434f, 100f, 1.8347f, 24f, 666f, 20.2f, 27.25f, 29.05f }, xTest.ToArray<float>()[..13]);
        Assert.Equal(new[] { 7.2f, 18.8f, 19f, 27f }, yTest.ToArray<float>()[..4]);

        // sha256 of the float32 values, computed independently in Python from the same file.
        Assert.Equal("7471e66141a5ded17e4fdc49440b60d1a9f68eaf6047619c6cbacd93ab33a1a5", Sha256(x));
        Assert.Equal("5afe261b46c8a14f12fc6dd19df3250ff50e5d38155ca723ff8b676197bcd9e5", Sha256(y));
        Assert.Equal("742b1153ecb6bd4db7d117f47418b5da264613252be4c5ddd5dcf412e7c7e162", Sha256(xTest));
        Assert.Equal("4b57322009ee6ec63530d689fb9eea6851730c9ab049146db0157254774264cf", Sha256(yTest));
    }

    [Fact]
    public void TestSplit_IsValidatedAsKeras()
    {
        RealDatasets.Require("boston_housing.npz");
        var ((x, _), (xTest, _)) = BostonHousing.LoadData(testSplit: 0f);
        Assert.Equal(506, x.Shape[0]);
        Assert.Equal(0, xTest.Shape[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => BostonHousing.LoadData(testSplit: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => BostonHousing.LoadData(testSplit: -0.1f));
    }
}
