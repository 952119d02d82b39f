namespace Strata.Tests.Tensors;

/// <summary>Data in and out of tensors: spans and memory in place, 2-D and 3-D arrays, System.Numerics.Tensors.Tensor&lt;T&gt;.</summary>
public class InteropTests
{
    [Fact]
    public void SpansAndMemoryReadTheStorageInPlace()
    {
        Tensor rows = Tensor.Arange(12).AsType(DType.Float32).Reshape(3, 4);
        Tensor second = rows[1]; // a view: the storage of row 1
        Assert.Equal(new float[] { 4, 5, 6, 7 }, second.AsReadOnlySpan<float>().ToArray());
        Assert.Equal(new float[] { 4, 5, 6, 7 }, second.AsReadOnlyMemory<float>().ToArray());

        Tensor made = Tensor.Zeros(2, 3);
        Span<float> span = made.AsSpan<float>();
        for (int i = 0; i < span.Length; i++) span[i] = i * 0.5f; // filled in place, then used
        Assert.Equal(new float[] { 0, 0.5f, 1, 1.5f, 2, 2.5f }, made.ToArray<float>());
        Assert.Equal(7.5f, Ops.Sum(made).Item<float>());
        made.AsMemory<float>().Span[0] = 10;
        Assert.Equal(10, made.ToArray<float>()[0]);

        var e = Assert.Throws<ArgumentException>(() => made.AsSpan<long>());
        Assert.Contains("AsSpan<Int64>", e.Message);
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void MultiDimensionalArraysAndSpansBecomeTensorsInRowMajorOrder()
    {
        Tensor matrix = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new Shape(2, 3), matrix.Shape);
        Assert.Equal(6f, matrix.ToArray<float>()[5]);
        Assert.Equal(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, matrix.ToArray2D<float>());

        Tensor cube = Tensor.FromArray(new long[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        Assert.Equal(new Shape(2, 2, 2), cube.Shape);
        Assert.Equal(DType.Int64, cube.DType);
        Assert.Equal(7L, cube.ToArray<long>()[6]);

        ReadOnlySpan<int> values = [1, 2, 3, 4];
        Tensor fromSpan = Tensor.FromSpan(values, 2, 2);
        Assert.Equal(new[] { 1, 2, 3, 4 }, fromSpan.ToArray<int>());
        Assert.Contains("only a rank-2 tensor", Assert.Throws<ArgumentException>(() => cube.ToArray2D<long>()).Message);
    }

    [Fact]
    public void NumericsTensorsShareTheStorageOneWayAndCopyTheOther()
    {
        Tensor rows = Tensor.Arange(12).AsType(DType.Float32).Reshape(3, 4);
        System.Numerics.Tensors.Tensor<float> view = rows[1..3].AsNumericsTensor<float>();
        Assert.Equal(new nint[] { 2, 4 }, view.Lengths.ToArray());
        Assert.Equal(4f, view[0, 0]);
        Assert.Equal(11f, view[1, 3]);
        rows.AsSpan<float>()[5] = -1; // the same storage: no copy was made
        Assert.Equal(-1f, view[0, 1]);

        System.Numerics.Tensors.Tensor<float> numerics = System.Numerics.Tensors.Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        Tensor back = Tensor.FromNumericsTensor(numerics);
        Assert.Equal(new Shape(3, 2), back.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, back.ToArray<float>());
        // A strided one (a transpose) comes back in row-major order.
        System.Numerics.Tensors.Tensor<float> transposed = System.Numerics.Tensors.Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, 0, [2, 3], [1, 2]);
        Assert.Equal(new float[] { 1, 3, 5, 2, 4, 6 }, Tensor.FromNumericsTensor(transposed).ToArray<float>());
    }
}
