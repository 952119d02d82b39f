namespace Strata.Compilation;

/// <summary>
/// What a matrix product computes, for a backend that runs it its own way (cuBLAS on a GPU): C = op(A)·op(B) over
/// matrices, the operands transposed or not, and the epilogue the compiler fused in (a bias row, then ReLU). With
/// <paramref name="Windows"/>, A is the image's im2col matrix (a row per output position, a column per value under
/// its window) read in place: a convolution, or with A transposed its kernel's gradient.
/// </summary>
internal sealed record ProductForm(bool TransposeA, bool TransposeB, bool Bias, bool Relu, Kernels.ConvGeometry? Windows = null);
