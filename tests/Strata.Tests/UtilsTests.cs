namespace Strata.Tests;

public class UtilsTests
{
    [Fact]
    public void ToCategoricalMakesOneHotRowsFromAnyIntegerLabels()
    {
        Tensor fromBytes = Utils.ToCategorical(Tensor.FromArray(new byte[] { 2, 0, 1 }), 3);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }, fromBytes.ToArray<float>());
        Assert.Equal(new[] { 3, 3 }, fromBytes.Shape.ToArray());
        Tensor fromColumn = Utils.ToCategorical(Tensor.FromArray(new long[] { 1, 3 }, 2, 1));
        Assert.Equal(new[] { 2, 4 }, fromColumn.Shape.ToArray());
        Assert.Contains("label 5", Assert.Throws<ArgumentException>(() => Utils.ToCategorical(Tensor.FromArray(new[] { 5 }), 3)).Message);
        Assert.Contains("integers", Assert.Throws<ArgumentException>(() => Utils.ToCategorical(Tensor.Zeros(2), 3)).Message);
    }

    [Fact]
    public void VectorizeSequencesIsMultiHot()
    {
        Tensor x = Utils.VectorizeSequences([[1, 3, 3], [], [0, 4]], dimension: 5);
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1 }, x.ToArray<float>());
        var error = Assert.Throws<ArgumentException>(() => Utils.VectorizeSequences([[7]], dimension: 5));
        Assert.Contains("index 7", error.Message);
    }

    [Fact]
    public void NormalizeUsesTheTrainingStatistics()
    {
        Tensor train = Tensor.FromArray(new float[] { 1, 10, 3, 10, 5, 40 }, 3, 2);
        (Tensor normalized, Tensor mean, Tensor std) = Utils.Normalize(train);
        Assert.Equal(new float[] { 3, 20 }, mean.ToArray<float>());
        // column 0: deviations -2, 0, 2 -> std sqrt(8/3); column 1: -10, -10, 20 -> std sqrt(200)
        float s0 = MathF.Sqrt(8f / 3), s1 = MathF.Sqrt(200f);
        Assert.Equal(new[] { -2 / s0, -10 / s1, 0, -10 / s1, 2 / s0, 20 / s1 }, normalized.ToArray<float>(), new Near(1e-6f));
        Tensor test = Utils.Normalize(Tensor.FromArray(new float[] { 3, 20 }, 1, 2), mean, std);
        Assert.Equal(new float[] { 0, 0 }, test.ToArray<float>());
        Assert.Contains("constant", Assert.Throws<ArgumentException>(() => Utils.Normalize(Tensor.Ones(3, 2))).Message);
    }

    [Fact]
    public void KFoldSplitsAsTheBookDoes()
    {
        (int[] Train, int[] Validation)[] folds = [.. Utils.KFold(10, 3)];
        Assert.Equal(3, folds.Length);
        Assert.Equal(new[] { 0, 1, 2 }, folds[0].Validation);
        Assert.Equal(new[] { 3, 4, 5, 6, 7, 8, 9 }, folds[0].Train);
        Assert.Equal(new[] { 3, 4, 5 }, folds[1].Validation);
        Assert.Equal(new[] { 0, 1, 2, 6, 7, 8, 9 }, folds[1].Train);
        Assert.Equal(new[] { 6, 7, 8 }, folds[2].Validation);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 9 }, folds[2].Train);
        Assert.Throws<ArgumentException>(() => Utils.KFold(3, 4).ToArray());
    }

    private sealed class Near(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float v) => 0;
    }
}
