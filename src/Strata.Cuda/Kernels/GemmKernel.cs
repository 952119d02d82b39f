using ILGPU;
using ILGPU.Runtime;

namespace Strata.Cuda.Kernels;

/// <summary>
/// The shape of a matrix product and what its epilogue adds: C (m, n) = op(A) · op(B) [+ bias] [then ReLU]; with
/// WindowsA, A is an image's im2col matrix, read through the windows the product is given.
/// </summary>
internal readonly record struct GemmShape(int M, int N, int K, bool TransposeA, bool TransposeB, bool Bias, bool Relu, bool WindowsA = false);

/// <summary><see cref="GemmShape"/> as a kernel argument (plain ints).</summary>
internal readonly struct GemmArguments(GemmShape shape)
{
    public readonly int M = shape.M, N = shape.N, K = shape.K;
    public readonly int TransposeA = shape.TransposeA ? 1 : 0, TransposeB = shape.TransposeB ? 1 : 0;
    public readonly int Bias = shape.Bias ? 1 : 0, Relu = shape.Relu ? 1 : 0, WindowsA = shape.WindowsA ? 1 : 0;
}

/// <summary>
/// A matrix product with the epilogue the compiler fuses into it (a bias row, then ReLU), one thread per output
/// element; A may be an image read through a convolution's windows (the implicit GEMM). It is the CPU-runnable
/// reference the tests check; on a GPU the plain product goes to cuBLAS.
/// </summary>
internal static class GemmKernel
{
    public static void Run(Index2D at, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, GemmArguments args, Windows windows)
    {
        int i = at.X, j = at.Y, m = args.M, n = args.N, k = args.K;
        int transposeA = args.TransposeA, transposeB = args.TransposeB, withBias = args.Bias, relu = args.Relu;
        float sum = 0f;
        for (int p = 0; p < k; p++)
        {
            float x = args.WindowsA != 0 ? (transposeA != 0 ? windows.Read(a, p, i) : windows.Read(a, i, p))
                : transposeA != 0 ? a[(p * m) + i] : a[(i * k) + p];
            float y = transposeB != 0 ? b[(j * k) + p] : b[(p * n) + j];
            sum += x * y;
        }
        if (withBias != 0) sum += bias[j];
        if (relu != 0 && !(sum > 0f)) sum = 0f;
        c[(i * n) + j] = sum;
    }
}
