using Strata.Compilation;
using Strata.Kernels;

namespace Strata;

public static partial class Ops
{
    /// <summary>
    /// The matrix product, as NumPy's matmul: 2-D operands multiply as matrices, higher ranks
    /// are stacks of matrices whose batch axes broadcast, and a 1-D operand is a vector.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank == 0 || b.Rank == 0) throw new ArgumentException($"MatMul: operands must have at least one axis, got shapes {a.Shape} and {b.Shape}; use Multiply for scalars.");
        if (a.Shape[-1] != b.Shape[b.Rank == 1 ? 0 : -2])
        {
            throw new ArgumentException($"MatMul: inner dimensions differ: {a.Shape} x {b.Shape}.");
        }
        if (a.Rank > 1 && b.Rank > 1) return MatMul(a, b, transA: false, transB: false);
        // A vector is a one-row (left) or one-column (right) matrix whose axis is dropped afterwards.
        Tensor c = MatMul(a.Rank == 1 ? ExpandDims(a, 0) : a, b.Rank == 1 ? ExpandDims(b, 1) : b, false, false);
        if (b.Rank == 1) c = Squeeze(c, -1);
        return a.Rank == 1 ? Squeeze(c, b.Rank == 1 ? -1 : -2) : c;
    }

    /// <summary>
    /// op(a) · op(b) on the last two axes, where op transposes them when asked. The gradients
    /// use the same product on transposed operands, so no transposed copy is ever made.
    /// </summary>
    internal static Tensor MatMul(Tensor a, Tensor b, bool transA, bool transB)
    {
        Tensor af = ToFloat(a, "MatMul"), bf = ToFloat(b, "MatMul");
        int m = a.Shape[transA ? -1 : -2], k = a.Shape[transA ? -2 : -1];
        int kb = b.Shape[transB ? -1 : -2], n = b.Shape[transB ? -2 : -1];
        if (k != kb)
        {
            throw new ArgumentException($"MatMul: inner dimensions differ: {Described(a.Shape, transA)} x {Described(b.Shape, transB)}.");
        }
        Shape aBatch = Shape.Own(a.Shape.Dims[..^2]), bBatch = Shape.Own(b.Shape.Dims[..^2]);
        if (!Broadcasting.TryResult(aBatch, bBatch, out Shape batch))
        {
            throw new ArgumentException($"MatMul: batch axes {aBatch} and {bBatch} of shapes {a.Shape} and {b.Shape} cannot be broadcast together.");
        }
        Tensor c = Run(MatMulKernels[(transA ? 2 : 0) + (transB ? 1 : 0)], Shape.Own([.. batch.Dims, m, n]), DType.Float32, af, bf);
        return c.Record(a, b,
            g => SumTo(transA ? MatMul(b, g, transB, true) : MatMul(g, b, false, !transB), a.Shape),
            g => SumTo(transB ? MatMul(g, a, true, transA) : MatMul(a, g, !transA, false), b.Shape));
    }

    /// <summary>
    /// NumPy's dot: the inner product of vectors, the matrix product of matrices, and for
    /// higher ranks a sum over the last axis of a and the second-to-last axis of b.
    /// </summary>
    public static Tensor Dot(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank == 0 || b.Rank == 0) return Multiply(a, b);
        if (b.Rank <= 2) return MatMul(a, b);
        return TensorDot(a, b, [a.Rank - 1], [b.Rank - 2]);
    }

    /// <summary>Sums the products over the last <paramref name="axes"/> axes of a and the first <paramref name="axes"/> of b.</summary>
    public static Tensor TensorDot(Tensor a, Tensor b, int axes = 2)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (axes < 0 || axes > a.Rank || axes > b.Rank) throw new ArgumentException($"TensorDot: cannot contract {axes} axes of shapes {a.Shape} and {b.Shape}.", nameof(axes));
        return TensorDot(a, b, Enumerable.Range(a.Rank - axes, axes).ToArray(), Enumerable.Range(0, axes).ToArray());
    }

    /// <summary>Sums the products over the paired axes: a's <paramref name="axesA"/>[i] with b's <paramref name="axesB"/>[i].</summary>
    public static Tensor TensorDot(Tensor a, Tensor b, int[] axesA, int[] axesB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (axesA.Length != axesB.Length) throw new ArgumentException($"TensorDot: {axesA.Length} axes of a cannot pair with {axesB.Length} axes of b.");
        int[] ca = axesA.Select(x => Shape.NormalizeAxis(x, a.Rank, "TensorDot")).ToArray();
        int[] cb = axesB.Select(x => Shape.NormalizeAxis(x, b.Rank, "TensorDot")).ToArray();
        if (ca.Distinct().Count() != ca.Length || cb.Distinct().Count() != cb.Length)
        {
            throw new ArgumentException($"TensorDot: an axis appears twice in [{string.Join(", ", axesA)}] or [{string.Join(", ", axesB)}].");
        }
        for (int i = 0; i < ca.Length; i++)
        {
            if (a.Shape.Dims[ca[i]] != b.Shape.Dims[cb[i]])
            {
                throw new ArgumentException($"TensorDot: axis {ca[i]} of {a.Shape} has size {a.Shape.Dims[ca[i]]} but axis {cb[i]} of {b.Shape} has size {b.Shape.Dims[cb[i]]}.");
            }
        }
        int[] freeA = Enumerable.Range(0, a.Rank).Except(ca).ToArray(), freeB = Enumerable.Range(0, b.Rank).Except(cb).ToArray();
        int k = ca.Aggregate(1, (p, i) => p * a.Shape.Dims[i]);
        Tensor a2 = Reshape(Transpose(a, [.. freeA, .. ca]), -1, k);
        Tensor b2 = Reshape(Transpose(b, [.. cb, .. freeB]), k, -1);
        int[] dims = [.. freeA.Select(i => a.Shape.Dims[i]), .. freeB.Select(i => b.Shape.Dims[i])];
        return Reshape(MatMul(a2, b2), dims);
    }

    /// <summary>The product kernels, by (transA, transB): index 2·transA + transB.</summary>
    private static readonly Kernel[] MatMulKernels =
    [
        MatMulKernel(false, false), MatMulKernel(false, true), MatMulKernel(true, false), MatMulKernel(true, true),
    ];

    /// <summary>Whether a kernel is the plain product a·b (for the compiler's GEMM epilogue fusion).</summary>
    internal static bool IsPlainMatMul(Kernel kernel) => ReferenceEquals(kernel, MatMulKernels[0]);

    private static Kernel MatMulKernel(bool transA, bool transB) =>
        new("MatMul", (x, c) => MultiplyInto(x[0], x[1], c, transA, transB), transA || transB ? $"{(transA ? "aᵀ" : "a")}·{(transB ? "bᵀ" : "b")}" : null)
        {
            Product = new ProductForm(transA, transB, Bias: false, Relu: false),
        };

    /// <summary>c = op(a) · op(b) over the (broadcast) batch axes, with the packed GEMM.</summary>
    private static void MultiplyInto(Tensor a, Tensor b, Tensor c, bool transA, bool transB)
    {
        int m = a.Shape[transA ? -1 : -2], k = a.Shape[transA ? -2 : -1], n = b.Shape[transB ? -2 : -1];
        int batchSize = c.Size / Math.Max(m * n, 1);
        float[] x = a.Array<float>(), y = b.Array<float>(), z = c.Array<float>();
        if (b.Rank == 2 && !transA)
        {
            // A stack of matrices times one matrix is a single tall product.
            Gemm.Multiply(false, transB, batchSize * m, n, k, x, a.Offset, y, b.Offset, z, c.Offset, accumulate: false, Engine.Threads);
            return;
        }
        Shape aBatch = Shape.Own(a.Shape.Dims[..^2]), bBatch = Shape.Own(b.Shape.Dims[..^2]), batch = Shape.Own(c.Shape.Dims[..^2]);
        int[] aStrides = Broadcasting.Strides(aBatch, batch), bStrides = Broadcasting.Strides(bBatch, batch);
        int[] index = new int[batch.Rank];
        for (int i = 0; i < batch.Size; i++)
        {
            int ao = 0, bo = 0, rest = i;
            for (int d = batch.Rank - 1; d >= 0; d--)
            {
                index[d] = rest % batch.Dims[d];
                rest /= batch.Dims[d];
                ao += index[d] * aStrides[d];
                bo += index[d] * bStrides[d];
            }
            Gemm.Multiply(transA, transB, m, n, k, x, a.Offset + ao * m * k, y, b.Offset + bo * k * n, z, c.Offset + i * m * n, accumulate: false, Engine.Threads);
        }
    }

    private static string Described(Shape s, bool transposed) => transposed ? $"{s}ᵀ" : s.ToString();
}
