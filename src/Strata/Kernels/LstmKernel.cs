using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// An LSTM over all the steps of a batch in one kernel, and its backpropagation through time. The input's
/// projection P (steps, batch, 4·units: x·W + b, gates i, f, c̃, o as Keras orders them) is given; each step
/// adds h·U (the packed GEMM), applies the gates a row at a time on vectors, and updates c and h:
/// c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c), σ the recurrent activation and tanh the activation (Keras's
/// defaults; any <see cref="CellActivation"/> for either). Steps run in order, or from the last with
/// <c>reverse</c>; outputs are in the order processed. Each sample's recurrence is its own, so the batch's
/// rows are split between the threads, each running the whole sequence for its rows: no thread waits
/// for another at each step, and every value is the same whatever the split (deterministic). With a mask
/// (steps, batch, in the inputs' order), a sample's masked steps keep its h and c, as Keras's masking; with a
/// recurrent dropout mask (batch, 4·units) each gate's product takes h scaled by its mask. With <c>finalCell</c>
/// the outputs have one more step, the last c (Keras's returned cell state), and its gradient one more too.
/// </summary>
internal sealed unsafe class LstmKernel(int steps, int batch, int units, bool reverse, bool masked, bool dropped, bool finalCell,
    CellActivation activation, CellActivation recurrentActivation)
{
    private readonly int _width = 4 * units;
    private float[]? _gates, _cells, _outputs; // per processed step: activated gates (batch, 4u), c and h (batch, u): the gradient's scratch

    /// <summary>H (steps, batch, units) from P, U (units, 4·units), the mask and the recurrent dropout mask (each empty without one).</summary>
    public void Forward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> mask, ReadOnlySpan<float> drop, Span<float> h)
    {
        fixed (float* pp = p, pu = &u[uOffset], pm = mask, pd = drop, ph = h)
        {
            float* pIn = pp, uIn = pu, mIn = masked ? pm : null, dIn = dropped ? pd : null, hOut = ph;
            RecurrentRows.For(batch, (r0, r1) =>
            {
                float[] z = new float[(r1 - r0) * _width];
                fixed (float* pz = z) Run(pIn, uIn, mIn, dIn, hOut, pz, null, r0, r1);
            });
        }
    }

    /// <summary>
    /// dZ (steps, batch, 4·units), in the order processed: the gradient with respect to each step's z = P + h·U,
    /// from dH (steps, batch, units) of the outputs. The forward is run again to recover the gates and cells.
    /// </summary>
    public void Backward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> mask, ReadOnlySpan<float> drop, ReadOnlySpan<float> dh, Span<float> dz)
    {
        if (_gates is null) (_gates, _cells, _outputs) = (new float[steps * batch * _width], new float[steps * batch * units], new float[steps * batch * units]);
        fixed (float* pp = p, pu = &u[uOffset], pm = mask, pd = drop, pdh = dh, pdz = dz, pg = _gates, pc = _cells, ph = _outputs)
        {
            float* pIn = pp, uIn = pu, mIn = masked ? pm : null, dIn = dropped ? pd : null, dhIn = pdh, dzOut = pdz, gates = pg, cells = pc, outputs = ph;
            RecurrentRows.For(batch, (r0, r1) =>
            {
                Run(pIn, uIn, mIn, dIn, outputs, gates, cells, r0, r1);
                Through(uIn, mIn, dIn, dhIn, dzOut, gates, cells, r0, r1);
            });
        }
    }

    /// <summary>
    /// The forward steps for rows [r0, r1). z holds each step's gates: one step's worth, reused (cells null), or
    /// all steps' at their place in (steps, batch, 4u), kept with each step's cells for the gradient.
    /// </summary>
    private void Run(float* p, float* u, float* mask, float* drop, float* h, float* z, float* cells, int r0, int r1)
    {
        int rows = r1 - r0, stepGates = batch * _width, stepCells = batch * units;
        float[] c = new float[rows * units], scratch = drop is null ? [] : new float[rows * units];
        for (int i = 0; i < steps; i++)
        {
            int t = reverse ? steps - 1 - i : i;
            float* zStep = cells is null ? z : z + ((long)i * stepGates) + (r0 * _width);
            new ReadOnlySpan<float>(p + ((long)t * stepGates) + (r0 * _width), rows * _width).CopyTo(new Span<float>(zStep, rows * _width));
            if (i > 0)
            {
                float* hPrevious = h + ((long)(i - 1) * stepCells) + (r0 * units);
                RecurrentRows.AddProduct(hPrevious, drop, r0, rows, units, 4, _width, u, zStep, _width, scratch);
            }
            float* hStep = h + ((long)i * stepCells) + (r0 * units);
            for (int r = 0; r < rows; r++)
            {
                Span<float> cRow = c.AsSpan(r * units, units), hRow = new(hStep + (r * units), units);
                if (RecurrentRows.Skips(mask, t, batch, r0 + r))
                {
                    RecurrentRows.Carry(h, i, stepCells, (r0 + r) * units, hRow); // c stays as it is
                    continue;
                }
                var g = new Span<float>(zStep + (r * _width), _width);
                recurrentActivation.Apply(g[..(2 * units)]);
                activation.Apply(g.Slice(2 * units, units));
                recurrentActivation.Apply(g.Slice(3 * units, units));
                TensorPrimitives.Multiply(cRow, g.Slice(units, units), cRow);                         // f·c
                TensorPrimitives.FusedMultiplyAdd(g[..units], g.Slice(2 * units, units), cRow, cRow); // + i·c̃
                cRow.CopyTo(hRow);
                activation.Apply(hRow);
                TensorPrimitives.Multiply(hRow, g.Slice(3 * units, units), hRow);                     // o·tanh(c)
            }
            if (cells is not null) c.CopyTo(new Span<float>(cells + ((long)i * stepCells) + (r0 * units), rows * units));
        }
        if (finalCell && cells is null) c.CopyTo(new Span<float>(h + ((long)steps * stepCells) + (r0 * units), rows * units));
    }

    /// <summary>Backpropagation through time for rows [r0, r1), from the last step processed to the first.</summary>
    private void Through(float* u, float* mask, float* drop, float* dh, float* dz, float* gates, float* cells, int r0, int r1)
    {
        int rows = r1 - r0, stepGates = batch * _width, stepCells = batch * units;
        float[] dhNext = new float[rows * units], dcNext = new float[rows * units], tanhC = new float[units], dc = new float[units], scratch = new float[units];
        if (finalCell) new ReadOnlySpan<float>(dh + ((long)steps * stepCells) + (r0 * units), rows * units).CopyTo(dcNext); // the returned c's gradient
        float[] product = drop is null ? [] : new float[rows * units];
        float[] carried = mask is null ? [] : new float[rows * units];
        for (int i = steps - 1; i >= 0; i--)
        {
            int t = reverse ? steps - 1 - i : i;
            float* dzStep = dz + ((long)i * stepGates) + (r0 * _width);
            for (int r = 0; r < rows; r++)
            {
                int row = r0 + r;
                var g = new ReadOnlySpan<float>(gates + ((long)i * stepGates) + (row * _width), _width);
                var c = new ReadOnlySpan<float>(cells + ((long)i * stepCells) + (row * units), units);
                ReadOnlySpan<float> gi = g[..units], gf = g.Slice(units, units), gc = g.Slice(2 * units, units), go = g.Slice(3 * units, units);
                Span<float> dhRow = dhNext.AsSpan(r * units, units), dcRow = dcNext.AsSpan(r * units, units), d = new(dzStep + (r * _width), _width);
                TensorPrimitives.Add(dhRow, new ReadOnlySpan<float>(dh + ((long)i * stepCells) + (row * units), units), dhRow); // dh = dH + the next step's
                if (RecurrentRows.Skips(mask, t, batch, row))
                {
                    // A skipped step passes h and c on unchanged: its dz is 0, dh and dc go to the step before.
                    d.Clear();
                    dhRow.CopyTo(carried.AsSpan(r * units, units));
                    continue;
                }
                c.CopyTo(tanhC);
                activation.Apply(tanhC);
                // do = dh·tanh(c); dc = dc_next + dh·o·tanh′(c)
                TensorPrimitives.Multiply(dhRow, tanhC, scratch);
                recurrentActivation.Gradient(scratch, go, d.Slice(3 * units, units));
                TensorPrimitives.Multiply(dhRow, go, scratch);
                activation.Gradient(scratch, tanhC, dc);
                TensorPrimitives.Add(dc, dcRow, dc);
                // di = dc·c̃, dc̃ = dc·i, df = dc·c_prev, dc_next = dc·f
                TensorPrimitives.Multiply(dc, gc, scratch);
                recurrentActivation.Gradient(scratch, gi, d[..units]);
                TensorPrimitives.Multiply(dc, gi, scratch);
                activation.Gradient(scratch, gc, d.Slice(2 * units, units));
                if (i > 0) TensorPrimitives.Multiply(dc, new ReadOnlySpan<float>(cells + ((long)(i - 1) * stepCells) + (row * units), units), scratch);
                else scratch.AsSpan().Clear();
                recurrentActivation.Gradient(scratch, gf, d.Slice(units, units));
                TensorPrimitives.Multiply(dc, gf, dcRow);
            }
            // dh_next = dz · Uᵀ
            fixed (float* next = dhNext) RecurrentRows.ProductGradient(dzStep, _width, drop, r0, rows, units, 4, _width, u, next, accumulate: false, product);
            RecurrentRows.Restore(mask, t, batch, r0, carried, dhNext, units);
        }
    }
}
