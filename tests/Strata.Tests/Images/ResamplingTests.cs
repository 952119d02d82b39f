using Strata.Tests.Autodiff;

namespace Strata.Tests.Images;

/// <summary>Ops.Resize and Ops.AffineTransform against values worked out by hand from TensorFlow's definitions, and their gradients against finite differences.</summary>
public class ResamplingTests
{
    private static Tensor Counting(int h, int w) => Tensor.FromArray(Enumerable.Range(0, h * w).Select(i => (float)i).ToArray(), 1, h, w, 1);

    [Fact]
    public void BilinearUpsamplingUsesHalfPixelCentresAndHoldsTheEdges()
    {
        // Output o reads (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to 0, 0.25, 0.75, 1.
        Tensor y = Ops.Resize(Counting(2, 2), 4, 4);
        float[] r = [0, 0.25f, 0.75f, 1];
        float[] expected = r.SelectMany(ry => r.Select(rx => 2 * ry + rx)).ToArray();
        Assert.Equal(new Shape(1, 4, 4, 1), y.Shape);
        Assert.Equal(expected, y.ToArray<float>());
    }

    [Fact]
    public void BilinearDownsamplingByTwoAveragesPairs()
    {
        // (o + 0.5) * 2 - 0.5 = 0.5, 2.5: halfway between pixels 0 and 1, and 2 and 3.
        Tensor y = Ops.Resize(Counting(4, 4), 2, 2);
        Assert.Equal(new float[] { 2.5f, 4.5f, 10.5f, 12.5f }, y.ToArray<float>());
    }

    [Fact]
    public void NearestUpsamplingRepeatsPixelsAndASingleImageKeepsItsRank()
    {
        Tensor y = Ops.Resize(Tensor.FromArray(new float[] { 1, 2, 3, 4, 10, 20, 30, 40 }, 2, 2, 2), 2, 4, "nearest");
        Assert.Equal(new Shape(2, 4, 2), y.Shape);
        Assert.Equal(new float[] { 1, 2, 1, 2, 3, 4, 3, 4, 10, 20, 10, 20, 30, 40, 30, 40 }, y.ToArray<float>());
        Assert.Equal(Counting(3, 5).ToArray<float>(), Ops.Resize(Counting(3, 5), 3, 5).ToArray<float>());
    }

    [Theory]
    [InlineData("constant", new float[] { -1, 0, 1, -1, 3, 4 })]
    [InlineData("nearest", new float[] { 0, 0, 1, 3, 3, 4 })]
    [InlineData("reflect", new float[] { 0, 0, 1, 3, 3, 4 })]
    [InlineData("wrap", new float[] { 2, 0, 1, 5, 3, 4 })]
    public void ATranslationFillsTheUncoveredColumnByTheFillMode(string fillMode, float[] expected)
    {
        // Output x reads input x - 1: column 0 reads x = -1, outside the image.
        Tensor y = Ops.AffineTransform(Counting(2, 3), Tensor.FromArray(new float[] { 1, 0, -1, 0, 1, 0, 0, 0 }), fillMode: fillMode, fillValue: -1);
        Assert.Equal(expected, y.ToArray<float>());
    }

    [Fact]
    public void ReflectMirrorsFartherOutAndWrapTiles()
    {
        // A shift of 4 on a row of 3: x = -4..-2 reflect to (d c b a | a b c): -4 -> 2 ... and wrap to x + 3 or x + 6.
        Tensor row = Tensor.FromArray(new float[] { 10, 11, 12 }, 1, 1, 3, 1);
        Tensor shift = Tensor.FromArray(new float[] { 1, 0, -4, 0, 1, 0, 0, 0 });
        Assert.Equal(new float[] { 12, 12, 11 }, Ops.AffineTransform(row, shift, fillMode: "reflect").ToArray<float>());
        Assert.Equal(new float[] { 12, 10, 11 }, Ops.AffineTransform(row, shift, fillMode: "wrap").ToArray<float>());
    }

    [Fact]
    public void KerasRotationMatrixTurnsAGridAQuarterTurn()
    {
        // keras's _get_rotation_matrix at 90 degrees on 3x3: [cos, -sin, 2, sin, cos, 0, 0, 0] with cos 0, sin 1:
        // output (x, y) reads input (2 - y, x).
        Tensor y = Ops.AffineTransform(Counting(3, 3), Tensor.FromArray(new float[] { 0, -1, 2, 1, 0, 0, 0, 0 }, 1, 8));
        Assert.Equal(new float[] { 2, 5, 8, 1, 4, 7, 0, 3, 6 }, y.ToArray<float>());
    }

    [Fact]
    public void PerImageTransformsApplyToTheirOwnImage()
    {
        Tensor images = Ops.Concat([Counting(2, 2), Counting(2, 2)]);
        Tensor t = Tensor.FromArray(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, /* second: mirror left-right */ -1, 0, 1, 0, 1, 0, 0, 0 }, 2, 8);
        Assert.Equal(new float[] { 0, 1, 2, 3, 1, 0, 3, 2 }, Ops.AffineTransform(images, t).ToArray<float>());
        var e = Assert.Throws<ArgumentException>(() => Ops.AffineTransform(images, Tensor.Zeros(3, 8)));
        Assert.Contains("(2, 8)", e.Message);
    }

    [Theory]
    [InlineData("constant")]
    [InlineData("reflect")]
    [InlineData("wrap")]
    [InlineData("nearest")]
    public void TheResamplingGradientMatchesFiniteDifferences(string fillMode)
    {
        Tensor images = Tensor.Uniform([2, 4, 5, 2], -1, 1, seed: 3);
        // A rotation and a zoom with shifts, so taps fall between pixels and outside the image.
        Tensor t = Tensor.FromArray(new float[] { 0.9f, -0.3f, 0.7f, 0.3f, 0.9f, -0.4f, 0, 0, 1.3f, 0, -0.6f, 0, 0.8f, 0.45f, 0, 0 }, 2, 8);
        GradientCheck.Check(a => Ops.Sum(Ops.Square(Ops.AffineTransform(a[0], t, fillMode: fillMode, fillValue: 0.5f))), images);
        GradientCheck.Check(a => Ops.Sum(Ops.Square(Ops.Resize(a[0], 7, 3))), images);
    }
}
