using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// A simple RNN over all the steps of a batch in one kernel, and its backpropagation through time: from the
/// input's projection P (steps, batch, units: x·W + b), each step computes h = f(P + h·U) (the packed
/// GEMM, then the activation f, tanh by default, on vectors); steps in order, or from the last with <c>reverse</c>; outputs in the order
/// processed. As <see cref="LstmKernel"/>, the batch's rows are split between the threads (deterministic);
/// a mask skips steps as <see cref="RecurrentRows"/> describes.
/// </summary>
internal sealed unsafe class SimpleRnnKernel(int steps, int batch, int units, bool reverse, bool masked, bool dropped, CellActivation activation)
{
    private float[]? _outputs; // every step's h: the gradient's scratch

    /// <summary>H (steps, batch, units) from P and U (units, units).</summary>
    public void Forward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> mask, ReadOnlySpan<float> drop, Span<float> h)
    {
        fixed (float* pp = p, pu = &u[uOffset], pm = mask, pd = drop, ph = h)
        {
            float* pIn = pp, uIn = pu, mIn = masked ? pm : null, dIn = dropped ? pd : null, hOut = ph;
            RecurrentRows.For(batch, (r0, r1) => Run(pIn, uIn, mIn, dIn, hOut, r0, r1));
        }
    }

    /// <summary>dZ (steps, batch, units) in the order processed, the gradient of each step's P + h·U, from dH of the outputs.</summary>
    public void Backward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> mask, ReadOnlySpan<float> drop, ReadOnlySpan<float> dh, Span<float> dz)
    {
        _outputs ??= new float[steps * batch * units];
        fixed (float* pp = p, pu = &u[uOffset], pm = mask, pd = drop, pdh = dh, pdz = dz, ph = _outputs)
        {
            float* pIn = pp, uIn = pu, mIn = masked ? pm : null, dIn = dropped ? pd : null, dhIn = pdh, dzOut = pdz, outputs = ph;
            RecurrentRows.For(batch, (r0, r1) =>
            {
                Run(pIn, uIn, mIn, dIn, outputs, r0, r1);
                Through(uIn, mIn, dIn, dhIn, dzOut, outputs, r0, r1);
            });
        }
    }

    private void Run(float* p, float* u, float* mask, float* drop, float* h, int r0, int r1)
    {
        int rows = r1 - r0, step = batch * units;
        float[] scratch = drop is null ? [] : new float[rows * units];
        for (int i = 0; i < steps; i++)
        {
            int t = reverse ? steps - 1 - i : i;
            float* hStep = h + ((long)i * step) + (r0 * units);
            new ReadOnlySpan<float>(p + ((long)t * step) + (r0 * units), rows * units).CopyTo(new Span<float>(hStep, rows * units));
            if (i > 0) RecurrentRows.AddProduct(hStep - step, drop, r0, rows, units, 1, units, u, hStep, units, scratch);
            var values = new Span<float>(hStep, rows * units);
            activation.Apply(values);
            for (int r = 0; r < rows; r++)
            {
                if (RecurrentRows.Skips(mask, t, batch, r0 + r)) RecurrentRows.Carry(h, i, step, (r0 + r) * units, values.Slice(r * units, units));
            }
        }
    }

    private void Through(float* u, float* mask, float* drop, float* dh, float* dz, float* outputs, int r0, int r1)
    {
        int rows = r1 - r0, step = batch * units;
        float[] dhNext = new float[rows * units], carried = mask is null ? [] : new float[rows * units];
        float[] product = drop is null ? [] : new float[rows * units];
        for (int i = steps - 1; i >= 0; i--)
        {
            int t = reverse ? steps - 1 - i : i;
            long at = ((long)i * step) + (r0 * units);
            var total = dhNext.AsSpan();
            TensorPrimitives.Add(total, new ReadOnlySpan<float>(dh + at, rows * units), total);
            // dz = dh · f′, from h = f(z) (for tanh, 1 − h²)
            var dzStep = new Span<float>(dz + at, rows * units);
            activation.Gradient(total, new ReadOnlySpan<float>(outputs + at, rows * units), dzStep);
            for (int r = 0; r < rows; r++)
            {
                // A skipped step passes h on unchanged: its dz is 0, its dh goes to the step before.
                if (!RecurrentRows.Skips(mask, t, batch, r0 + r)) continue;
                dzStep.Slice(r * units, units).Clear();
                total.Slice(r * units, units).CopyTo(carried.AsSpan(r * units, units));
            }
            fixed (float* next = dhNext) RecurrentRows.ProductGradient(dz + at, units, drop, r0, rows, units, 1, units, u, next, accumulate: false, product);
            RecurrentRows.Restore(mask, t, batch, r0, carried, dhNext, units);
        }
    }
}
