using Strata.Kernels;

namespace Strata.Compilation;

/// <summary>
/// What a reduction computes, for a backend that runs it its own way: the sum, maximum or minimum over one axis, or
/// with <paramref name="Index"/> the position of the maximum or minimum (ArgMax, ArgMin: the first of ties, the first
/// NaN if any), as int32.
/// </summary>
internal sealed record ReductionForm(ReduceKind Kind, int Axis, bool Index = false);
