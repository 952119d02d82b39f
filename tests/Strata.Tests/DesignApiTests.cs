namespace Strata.Tests;

/// <summary>The tensor and autodiff part of DESIGN.md section 1, written as a user writes it.</summary>
public class DesignApiTests
{
    [Fact]
    public void TensorsAndAutodiffAsDesigned()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = Tensor.FromArray(new float[] { 1, 2, 3 }, 3);
        Tensor c = a + b;                                    // broadcasting, NumPy rules
        Tensor d = Ops.MatMul(a, Ops.Transpose(a));          // also a.MatMul(b), Ops.Dot
        var w = new Variable(Tensor.Zeros(3));
        Tensor[] grads;
        using (var tape = new GradientTape())
        {
            Tensor loss = Ops.Sum(Ops.Relu(a * w + 3f));
            grads = tape.Gradient(loss, [w]);
        }
        Strata.Random.SetSeed(42);

        Assert.Equal(new float[] { 2, 4, 6, 5, 7, 9 }, c.ToArray<float>());
        Assert.Equal(new float[] { 14, 32, 32, 77 }, d.ToArray<float>());
        Assert.Equal(new float[] { 14, 32, 32, 77 }, a.MatMul(Ops.Transpose(a)).ToArray<float>());
        Assert.Equal(new float[] { 14, 32, 32, 77 }, Ops.Dot(a, Ops.Transpose(a)).ToArray<float>());
        Assert.Equal(new float[] { 5, 7, 9 }, grads[0].ToArray<float>()); // relu'(3) = 1: column sums of a
    }

    [Fact]
    public void PreparingImagesAsInChapterTwo()
    {
        // MNIST-like uint8 images, scaled as the book does.
        byte[] pixels = Enumerable.Range(0, 20 * 28 * 28).Select(i => (byte)(i % 256)).ToArray();
        Tensor trainImages = Tensor.FromArray(pixels, 20, 28, 28);
        Tensor xTrain = trainImages.Reshape(20, 28 * 28).AsType(DType.Float32) / 255f;
        Tensor batch = xTrain[..10];

        int[] dims = xTrain.Shape.ToArray();
        float[] values = batch.ToArray<float>();
        Tensor t = Tensor.FromArray(values, 10, dims[1]);

        Assert.Equal(new[] { 20, 784 }, dims);
        Assert.Equal(DType.Float32, xTrain.DType);
        Assert.Equal(1f, values[255]);
        Assert.Equal(2f / 255f, values[2]);
        Assert.Equal(values, t.ToArray<float>());
        Assert.Equal(xTrain[^10..].ToArray<float>(), xTrain.ToArray<float>()[(10 * 784)..]);
    }
}
