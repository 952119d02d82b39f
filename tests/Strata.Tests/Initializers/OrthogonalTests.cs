using Strata.Initializers;

namespace Strata.Tests.Initializers;

/// <summary>Orthogonal: QᵀQ = I on the short side, the gain, and the shapes Keras flattens.</summary>
public class OrthogonalTests
{
    /// <summary>The Gram matrix of the rows (byRows) or the columns of a row-major (rows, cols) matrix.</summary>
    private static double[,] Gram(float[] m, int rows, int cols, bool byRows)
    {
        int n = byRows ? rows : cols, len = byRows ? cols : rows;
        var g = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < len; k++) s += byRows ? (double)m[i * cols + k] * m[j * cols + k] : (double)m[k * cols + i] * m[k * cols + j];
                g[i, j] = s;
            }
        return g;
    }

    private static void AssertScaledIdentity(double[,] g, double scale)
    {
        for (int i = 0; i < g.GetLength(0); i++)
            for (int j = 0; j < g.GetLength(1); j++)
                Assert.True(Math.Abs(g[i, j] - (i == j ? scale : 0)) < 1e-5 * Math.Max(1, scale), $"Gram[{i},{j}] = {g[i, j]}");
    }

    [Fact] // test_orthogonal: (5, 5), gain 2: columns of norm 2, pairwise orthogonal
    public void Square_WithGain_AsKeras()
    {
        float[] m = new Orthogonal(gain: 2f, seed: 1234).Call([5, 5]).ToArray<float>();
        AssertScaledIdentity(Gram(m, 5, 5, byRows: false), 4);
        AssertScaledIdentity(Gram(m, 5, 5, byRows: true), 4);
    }

    [Theory]
    [InlineData(new[] { 64, 16 }, 64, 16)]   // tall: orthonormal columns
    [InlineData(new[] { 16, 64 }, 16, 64)]   // wide: orthonormal rows
    [InlineData(new[] { 3, 4, 10 }, 12, 10)] // flattened to (3·4, 10)
    [InlineData(new[] { 2, 2, 3, 20 }, 12, 20)]
    public void ShortSide_IsOrthonormal(int[] shape, int rows, int cols)
    {
        Tensor t = new Orthogonal(seed: 7).Call(shape);
        Assert.Equal(shape, t.Shape.ToArray());
        AssertScaledIdentity(Gram(t.ToArray<float>(), rows, cols, byRows: rows < cols), 1);
    }

    [Fact]
    public void RankBelowTwo_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Orthogonal().Call([5]));
        Assert.Contains("rank 2", ex.Message);
    }
}
