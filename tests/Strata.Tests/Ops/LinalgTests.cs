using static Strata.Tests.OpsTests.Expect;

namespace Strata.Tests.OpsTests;

/// <summary>MatMul, Dot and TensorDot against naive double-precision loops.</summary>
public class LinalgTests
{
    private const double Tolerance = 1e-5;

    private static int _seed = 300;

    private static (Tensor Tensor, double[] Values) R(params int[] shape) => RandomValues(_seed++, shape);

    /// <summary>C[i,j] = sum_p A[i,p] B[p,j] for row-major m×k and k×n blocks at the given offsets.</summary>
    private static void Naive(double[] a, int ao, double[] b, int bo, double[] c, int co, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[ao + i * k + p] * b[bo + p * n + j];
                c[co + i * n + j] = s;
            }
    }

    private static double[] Naive(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        Naive(a, 0, b, 0, c, 0, m, k, n);
        return c;
    }

    [Fact]
    public void MatMul_2x2_ByHand()
    {
        Exactly(Ops.MatMul(F([1, 2, 3, 4], 2, 2), F([5, 6, 7, 8], 2, 2)), [2, 2], 19f, 22, 43, 50);
        Exactly(F([1, 2, 3, 4, 5, 6], 2, 3).MatMul(F([1, 0, 0, 1, 1, 1], 3, 2)), [2, 2], 4f, 5, 10, 11);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 5)]
    [InlineData(17, 33, 9)]
    [InlineData(64, 70, 48)]
    public void MatMul_2D_MatchesNaiveLoop(int m, int k, int n)
    {
        var (a, av) = R(m, k);
        var (b, bv) = R(k, n);
        Near(Ops.MatMul(a, b), [m, n], Naive(av, bv, m, k, n), Tolerance);
    }

    [Fact]
    public void MatMul_Batched_MultipliesMatchingMatrices()
    {
        var (a, av) = R(2, 3, 4);
        var (b, bv) = R(2, 4, 5);
        var expected = new double[2 * 3 * 5];
        for (int i = 0; i < 2; i++) Naive(av, i * 12, bv, i * 20, expected, i * 15, 3, 4, 5);
        Near(Ops.MatMul(a, b), [2, 3, 5], expected, Tolerance);
    }

    [Fact]
    public void MatMul_BroadcastsBatchAxes()
    {
        // (2,1,3,4) @ (5,4,2) -> (2,5,3,2): out[i,j] = a[i,0] @ b[j]
        var (a, av) = R(2, 1, 3, 4);
        var (b, bv) = R(5, 4, 2);
        var expected = new double[2 * 5 * 3 * 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 5; j++)
                Naive(av, i * 12, bv, j * 8, expected, (i * 5 + j) * 6, 3, 4, 2);
        Near(Ops.MatMul(a, b), [2, 5, 3, 2], expected, Tolerance);
    }

    [Fact]
    public void MatMul_StackTimesMatrix_AndMatrixTimesStack()
    {
        var (s, sv) = R(3, 2, 4);
        var (w, wv) = R(4, 5);
        var expected = new double[3 * 2 * 5];
        for (int i = 0; i < 3; i++) Naive(sv, i * 8, wv, 0, expected, i * 10, 2, 4, 5);
        Near(Ops.MatMul(s, w), [3, 2, 5], expected, Tolerance);

        var (m, mv) = R(3, 4);
        var (t, tv) = R(2, 4, 5);
        expected = new double[2 * 3 * 5];
        for (int i = 0; i < 2; i++) Naive(mv, 0, tv, i * 20, expected, i * 15, 3, 4, 5);
        Near(Ops.MatMul(m, t), [2, 3, 5], expected, Tolerance);
    }

    [Fact]
    public void MatMul_VectorOperands_DropTheirAxis()
    {
        Tensor v = F([1, 2, 3], 3), m = F([1, 2, 3, 4, 5, 6], 3, 2), mt = F([1, 2, 3, 4, 5, 6], 2, 3);
        Exactly(Ops.MatMul(v, m), [2], 22f, 28);          // 1-D @ 2-D
        Exactly(Ops.MatMul(mt, v), [2], 14f, 32);         // 2-D @ 1-D
        Exactly(Ops.MatMul(v, F([4, 5, 6], 3)), [], 32f); // 1-D @ 1-D: rank 0
        Exactly(Ops.MatMul(F([1, 1], 2), Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2)), [2, 2], 4f, 6, 12, 14);
        Exactly(Ops.MatMul(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2), F([1, 1], 2)), [2, 2], 3f, 7, 11, 15);
    }

    [Fact]
    public void MatMul_OfIntegers_GivesFloat32()
    {
        Exactly(Ops.MatMul(Tensor.FromArray(new[] { 1, 2, 3, 4 }, 2, 2), Tensor.FromArray(new[] { 1, 1, 1, 1 }, 2, 2)), [2, 2], 3f, 3, 7, 7);
    }

    [Fact]
    public void MatMul_OfSlicedViews_ReadsFromTheirOffset()
    {
        var (big, bv) = R(6, 4);
        var (w, wv) = R(4, 3);
        Near(Ops.MatMul(big[2..5], w), [3, 3], Naive(bv[8..20], wv, 3, 4, 3), Tolerance);
        // (4,3) @ (3,): out[j] = sum_p big[p,j] * w[1,p], both operands views
        double[] expected = Enumerable.Range(0, 4).Select(j => Enumerable.Range(0, 3).Sum(p => bv[p * 4 + j] * wv[3 + p])).ToArray();
        Near(Ops.MatMul(big[..3].Transpose(), w[1]), [4], expected, Tolerance);
        Near(Ops.MatMul(big[3..4], big[^4..].Transpose()), [1, 4],
            Enumerable.Range(0, 4).Select(j => Enumerable.Range(0, 4).Sum(p => bv[12 + p] * bv[(2 + j) * 4 + p])).ToArray(), Tolerance);
    }

    [Fact]
    public void MatMul_WithEmptyInnerAxis_IsZeros()
    {
        Exactly(Ops.MatMul(Tensor.Zeros(2, 0), Tensor.Zeros(0, 3)), [2, 3], new float[6]);
    }

    [Fact]
    public void Dot_FollowsNumPy()
    {
        Exactly(Ops.Dot(F([1, 2, 3], 3), F([4, 5, 6], 3)), [], 32f);
        Exactly(Ops.Dot(F([1, 2, 3, 4], 2, 2), F([5, 6, 7, 8], 2, 2)), [2, 2], 19f, 22, 43, 50);
        Exactly(Ops.Dot(Tensor.Scalar(2f), F([1, 2], 2)), [2], 2f, 4);

        // 3-D · 3-D: out[i,j,k,l] = sum_p a[i,j,p] b[k,p,l]
        var (a, av) = R(2, 3, 4);
        var (b, bv) = R(5, 4, 6);
        var expected = new double[2 * 3 * 5 * 6];
        for (int ij = 0; ij < 6; ij++)
            for (int k = 0; k < 5; k++)
                for (int l = 0; l < 6; l++)
                    expected[(ij * 5 + k) * 6 + l] = Enumerable.Range(0, 4).Sum(p => av[ij * 4 + p] * bv[(k * 4 + p) * 6 + l]);
        Near(Ops.Dot(a, b), [2, 3, 5, 6], expected, Tolerance);

        // 1-D · 3-D: out[k,l] = sum_p v[p] b[k,p,l]
        var (v, vv) = R(4);
        double[] expectedV = new double[5 * 6];
        for (int k = 0; k < 5; k++)
            for (int l = 0; l < 6; l++)
                expectedV[k * 6 + l] = Enumerable.Range(0, 4).Sum(p => vv[p] * bv[(k * 4 + p) * 6 + l]);
        Near(Ops.Dot(v, b), [5, 6], expectedV, Tolerance);
    }

    [Fact]
    public void TensorDot_ContractsTheLastAxesOfAWithTheFirstOfB()
    {
        var (a, av) = R(2, 3, 4);
        var (b, bv) = R(3, 4, 5);
        // axes = 2: out[i,l] = sum_{j,k} a[i,j,k] b[j,k,l] = (2x12) @ (12x5)
        Near(Ops.TensorDot(a, b, 2), [2, 5], Naive(av, bv, 2, 12, 5), Tolerance);
        // axes = 0: the outer product
        Tensor outer = Ops.TensorDot(F([1, 2], 2), F([3, 4, 5], 3), 0);
        Exactly(outer, [2, 3], 3f, 4, 5, 6, 8, 10);
        // every axis: a full contraction to rank 0
        Near(Ops.TensorDot(a, a, 3), [], [av.Sum(x => x * x)], Tolerance);
    }

    [Fact]
    public void TensorDot_WithExplicitAxisPairs()
    {
        var (a, av) = R(3, 2, 4);
        var (b, bv) = R(4, 5, 3);
        // pair a's axis 0 with b's axis 2, and a's axis -1 with b's axis 0: out[j,m] = sum_{i,k} a[i,j,k] b[k,m,i]
        var expected = new double[2 * 5];
        for (int j = 0; j < 2; j++)
            for (int m = 0; m < 5; m++)
                for (int i = 0; i < 3; i++)
                    for (int k = 0; k < 4; k++)
                        expected[j * 5 + m] += av[(i * 2 + j) * 4 + k] * bv[(k * 5 + m) * 3 + i];
        Near(Ops.TensorDot(a, b, [0, -1], [2, 0]), [2, 5], expected, Tolerance);
    }
}
