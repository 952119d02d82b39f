using Strata.Kernels;

namespace Strata.Tests.Kernels;

public class RowGatherTests
{
    /// <summary>A gather large enough to be split over two threads (1,000 rows of 4,001 floats, 16 MB), against a row-by-row copy.</summary>
    [Fact]
    public void LargeGatherCopiesEveryChosenRow()
    {
        const int Rows = 3000, Width = 4001;
        Tensor source = Tensor.Uniform([Rows, Width], seed: 1);
        int[] chosen = Enumerable.Range(0, 1000).Select(i => (i * 7919) % Rows).ToArray();
        var destination = new Tensor(new Shape(chosen.Length, Width), DType.Float32);
        int saved = Engine.Threads;
        try
        {
            Engine.Threads = 2;
            RowGather.Copy(source, chosen, destination);
        }
        finally
        {
            Engine.Threads = saved;
        }
        float[] all = source.ToArray<float>(), got = destination.ToArray<float>();
        for (int i = 0; i < chosen.Length; i++)
        {
            Assert.Equal(all.AsSpan(chosen[i] * Width, Width).ToArray(), got.AsSpan(i * Width, Width).ToArray());
        }
    }

    [Fact]
    public void EveryDTypeKeepsItsValues()
    {
        int[] rows = [2, 0, 2];
        foreach (Tensor source in new[]
        {
            Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 }, 3, 2),
            Tensor.FromArray(new byte[] { 1, 2, 3, 4, 5, 6 }, 3, 2),
            Tensor.FromArray(new[] { true, false, false, false, true, true }, 3, 2),
            Tensor.FromArray(new[] { 1, 2, 3, 4, 5, 6 }, 3, 2),
        })
        {
            var destination = new Tensor(new Shape(3, 2), source.DType);
            RowGather.Copy(source, rows, destination);
            Assert.Equal(Ops.Take(source, Tensor.FromArray(rows), axis: 0).ToString(), destination.ToString());
        }
    }

    [Fact]
    public void ARowOutsideTheSourceIsReported()
    {
        var error = Assert.Throws<ArgumentException>(() => RowGather.Copy(Tensor.Zeros(3, 2), [1, 3], new Tensor(new Shape(2, 2), DType.Float32)));
        Assert.Contains("row 3 is outside 0..2", error.Message);
    }
}
