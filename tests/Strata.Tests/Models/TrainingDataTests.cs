namespace Strata.Tests.Models;

public class TrainingDataTests
{
    [Fact]
    public void ShuffledBatchesHoldTheRowsOfAPermutation()
    {
        Strata.Random.SetSeed(3);
        Tensor x = Tensor.Arange(0f, 30f).Reshape(10, 3);
        Tensor y = Tensor.Arange(10).AsType(DType.Int64);
        var data = new TrainingData([x], [y], Tensor.Arange(0f, 10f), "test");
        var seen = new List<long>();
        var shapes = new List<int>();
        foreach ((Tensor[] bx, Tensor[]? by, Tensor? bw) in data.Batches(4, shuffle: true))
        {
            long[] labels = by![0].ToArray<long>();
            float[] rows = bx[0].ToArray<float>();
            float[] weights = bw!.ToArray<float>();
            for (int i = 0; i < labels.Length; i++)
            {
                Assert.Equal(new[] { 3f * labels[i], 3f * labels[i] + 1, 3f * labels[i] + 2 }, rows[(3 * i)..(3 * i + 3)]);
                Assert.Equal(labels[i], (long)weights[i]);
            }
            seen.AddRange(labels);
            shapes.Add(bx[0].Shape[0]);
        }
        Assert.Equal(new[] { 4, 4, 2 }, shapes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (long)i), seen); // seeded: this permutation is not the identity
    }

    [Fact]
    public void UnshuffledBatchesAreViewsInOrder()
    {
        Tensor x = Tensor.Arange(0f, 10f).Reshape(5, 2);
        var data = new TrainingData([x], null, null, "test");
        float[][] batches = data.Batches(2, shuffle: false).Select(b => b.X[0].ToArray<float>()).ToArray();
        Assert.Equal(new[] { new float[] { 0, 1, 2, 3 }, [4, 5, 6, 7], [8, 9] }, batches);
    }
}
