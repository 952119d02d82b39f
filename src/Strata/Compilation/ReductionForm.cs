using Strata.Kernels;

namespace Strata.Compilation;

/// <summary>What a reduction computes, for a backend that runs it its own way: the sum, maximum or minimum over one axis.</summary>
internal sealed record ReductionForm(ReduceKind Kind, int Axis);
