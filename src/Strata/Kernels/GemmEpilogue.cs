using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// What a GEMM does to its output right after computing it, on the thread that computed each part and while
/// that part is still in its cache: add a bias row, then ReLU. Both are exact operations, so the result is
/// bit for bit what the separate passes give, whatever the split over threads (activations whose vector
/// and scalar forms may differ in the last bit, such as sigmoid, stay separate passes).
/// </summary>
internal readonly unsafe struct GemmEpilogue(float* bias, bool relu)
{
    public readonly float* Bias = bias;
    public readonly bool Relu = relu;

    public bool IsNone => Bias == null && !Relu;

    /// <summary>Applies it to rows [m0, m1), columns [n0, n1) of C.</summary>
    public void Apply(float* c, nint ldc, int m0, int m1, int n0, int n1)
    {
        if (IsNone || n1 <= n0) return;
        for (int i = m0; i < m1; i++)
        {
            var row = new Span<float>(c + (i * ldc) + n0, n1 - n0);
            if (Bias != null) TensorPrimitives.Add(row, new ReadOnlySpan<float>(Bias + n0, n1 - n0), row);
            if (Relu) TensorPrimitives.Max(row, 0f, row);
        }
    }
}
