using Strata.Kernels;

namespace Strata.Tests.Kernels;

public class ParallelElementwiseTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 2)]
    [InlineData(63, 2)]
    [InlineData(1000, 3)]
    [InlineData(1_000_003, 4)]
    public void Pieces_CoverEveryIndexOnce_OnCacheLineBoundaries(int length, int parts)
    {
        var seen = new int[length];
        var starts = new System.Collections.Concurrent.ConcurrentBag<int>();
        ParallelElementwise.For(length, parts, (begin, end) =>
        {
            starts.Add(begin);
            for (int i = begin; i < end; i++) seen[i]++;
        });
        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.All(starts, begin => Assert.Equal(0, begin % 64));
    }

    /// <summary>Outputs large enough to be split (2 threads where the machine has 2 cores) equal the element-by-element maths.</summary>
    [Fact]
    public void LargeCastAndArithmetic_EqualTheElementwiseResults()
    {
        const int n = 3_000_017; // 12 MB of float32: over the split threshold, and not a multiple of 64
        var bytes = new byte[n];
        new System.Random(3).NextBytes(bytes);
        Tensor images = Tensor.FromArray(bytes);

        Tensor floats = images.AsType(DType.Float32);
        Assert.Equal(bytes.Select(b => (float)b), floats.ToArray<float>());
        Assert.Equal(bytes.Select(b => b / 255f), (floats / 255f).ToArray<float>());
        Assert.Equal(bytes.Select(b => 255f - b), (255f - floats).ToArray<float>());
        Assert.Equal(bytes.Select(b => 2f * b), (floats + floats).ToArray<float>());
    }
}
