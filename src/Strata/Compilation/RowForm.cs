using Strata.Kernels;

namespace Strata.Compilation;

/// <summary>
/// How an op on the last axis of a matrix computes one row (a row's sum or maximum, a row's softmax), so
/// that the compiler can fuse it with the elementwise ops around it (<see cref="FusedRows"/>), as the
/// crossentropy and its gradient need. The forms name the same row functions the ops' kernels use.
/// </summary>
internal abstract record RowForm
{
    /// <summary>A row's sum or maximum (ReduceKernel on the last axis).</summary>
    public sealed record Reduce(ReduceKind Kind) : RowForm;

    /// <summary>A row's softmax or log-softmax (SoftmaxKernel.Row).</summary>
    public sealed record Softmax(bool Log) : RowForm;
}
