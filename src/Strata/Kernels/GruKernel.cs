using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// A GRU (Keras's resetAfter form) over all the steps of a batch in one kernel, and its backpropagation
/// through time. P (steps, batch, 3·units) is the input's projection x·W + b₀ (gates z, r, h̃); each step
/// computes the state's product a = h·U + b₁, then z = σ(P_z + a_z), r = σ(P_r + a_r),
/// h̃ = tanh(P_h + r·a_h), h = z·h + (1 − z)·h̃, σ the recurrent activation and tanh the activation (Keras's
/// defaults; any <see cref="CellActivation"/> for either). Steps in order, or from the last with <c>reverse</c>;
/// outputs in the order processed. As <see cref="LstmKernel"/>, the batch's rows are split between the
/// threads, each running the whole sequence for its rows (deterministic); a mask skips steps as
/// <see cref="RecurrentRows"/> describes. With <c>resetAfter</c> false (Keras's reset_after=False) the reset gate
/// scales the state before its product: a_zr = h·U_zr, z and r from it, then a_h = (r·h)·U_h and h̃ = tanh(P_h + a_h),
/// with no recurrent bias; its gradient then carries each step's r·h too, for U_h's gradient.
/// </summary>
internal sealed unsafe class GruKernel(int steps, int batch, int units, bool reverse, bool masked, bool dropped, bool resetAfter,
    CellActivation activation, CellActivation recurrentActivation)
{
    /// <summary>Per step and row, the gradient's slabs of 3·units: dP and da, and with resetAfter false the scaled state r·h.</summary>
    public int Slabs => resetAfter ? 2 : 3;

    private readonly int _width = 3 * units;
    private float[]? _gates, _recurrent, _outputs; // per processed step: activated z, r, h̃ and the state's product a (batch, 3u), and h

    /// <summary>H (steps, batch, units) from P, U (units, 3·units) and the recurrent bias b₁ (3·units).</summary>
    public void Forward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> bias, ReadOnlySpan<float> mask, ReadOnlySpan<float> drop, Span<float> h)
    {
        fixed (float* pp = p, pu = &u[uOffset], pb = bias, pm = mask, pd = drop, ph = h)
        {
            float* pIn = pp, uIn = pu, bIn = pb, mIn = masked ? pm : null, dIn = dropped ? pd : null, hOut = ph;
            RecurrentRows.For(batch, (r0, r1) =>
            {
                float[] gates = new float[(r1 - r0) * _width], recurrent = new float[(r1 - r0) * _width];
                fixed (float* pg = gates, pa = recurrent)
                {
                    if (resetAfter) Run(pIn, uIn, bIn, mIn, dIn, hOut, pg, pa, keep: false, r0, r1);
                    else RunBefore(pIn, uIn, mIn, dIn, hOut, pg, pa, keep: false, r0, r1);
                }
            });
        }
    }

    /// <summary>
    /// The gradients with respect to each step's P and a (steps, batch, 2, 3·units: dP then da, in the order
    /// processed) from dH (steps, batch, units). The forward is run again to recover the gates.
    /// </summary>
    public void Backward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> bias, ReadOnlySpan<float> mask, ReadOnlySpan<float> drop, ReadOnlySpan<float> dh, Span<float> grads)
    {
        if (_gates is null) (_gates, _recurrent, _outputs) = (new float[steps * batch * _width], new float[steps * batch * _width], new float[steps * batch * units]);
        fixed (float* pp = p, pu = &u[uOffset], pb = bias, pm = mask, pd = drop, pdh = dh, pgr = grads, pg = _gates, pa = _recurrent, ph = _outputs)
        {
            float* pIn = pp, uIn = pu, bIn = pb, mIn = masked ? pm : null, dIn = dropped ? pd : null, dhIn = pdh, gradsOut = pgr, gates = pg, recurrent = pa, outputs = ph;
            RecurrentRows.For(batch, (r0, r1) =>
            {
                if (resetAfter)
                {
                    Run(pIn, uIn, bIn, mIn, dIn, outputs, gates, recurrent, keep: true, r0, r1);
                    Through(uIn, mIn, dIn, dhIn, gradsOut, gates, recurrent, outputs, r0, r1);
                }
                else
                {
                    RunBefore(pIn, uIn, mIn, dIn, outputs, gates, recurrent, keep: true, r0, r1);
                    ThroughBefore(uIn, mIn, dIn, dhIn, gradsOut, gates, outputs, r0, r1);
                }
            });
        }
    }

    /// <summary>The forward steps for rows [r0, r1); with <paramref name="keep"/> each step's gates and product stay at their place in (steps, batch, 3u).</summary>
    private void Run(float* p, float* u, float* bias, float* mask, float* drop, float* h, float* gates, float* recurrent, bool keep, int r0, int r1)
    {
        int rows = r1 - r0, stepGates = batch * _width, stepCells = batch * units;
        float[] scratch = drop is null ? [] : new float[rows * units];
        for (int i = 0; i < steps; i++)
        {
            int t = reverse ? steps - 1 - i : i;
            float* g = keep ? gates + ((long)i * stepGates) + (r0 * _width) : gates;
            float* a = keep ? recurrent + ((long)i * stepGates) + (r0 * _width) : recurrent;
            // a = h·U + b₁ (h = 0 at the first step)
            for (int r = 0; r < rows; r++) new ReadOnlySpan<float>(bias, _width).CopyTo(new Span<float>(a + (r * _width), _width));
            float* hPrevious = i > 0 ? h + ((long)(i - 1) * stepCells) + (r0 * units) : null;
            if (hPrevious is not null) RecurrentRows.AddProduct(hPrevious, drop, r0, rows, units, 3, _width, u, a, _width, scratch);
            float* hStep = h + ((long)i * stepCells) + (r0 * units);
            for (int r = 0; r < rows; r++)
            {
                var hRow = new Span<float>(hStep + (r * units), units);
                if (Carried(mask, t, h, i, stepCells, r0 + r, hRow)) continue;
                var gate = new Span<float>(g + (r * _width), _width);
                var product = new ReadOnlySpan<float>(a + (r * _width), _width);
                new ReadOnlySpan<float>(p + ((long)t * stepGates) + ((r0 + r) * _width), _width).CopyTo(gate);
                Span<float> z = gate[..units], rg = gate.Slice(units, units), candidate = gate.Slice(2 * units, units);
                TensorPrimitives.Add(gate[..(2 * units)], product[..(2 * units)], gate[..(2 * units)]);
                recurrentActivation.Apply(gate[..(2 * units)]);
                TensorPrimitives.FusedMultiplyAdd(rg, product.Slice(2 * units, units), candidate, candidate); // P_h + r·a_h
                activation.Apply(candidate);
                Mix(z, candidate, hPrevious is null ? null : hPrevious + (r * units), hRow);
            }
        }
    }

    /// <summary>Backpropagation through time for rows [r0, r1): each step's dP and da, and the carried dh.</summary>
    private void Through(float* u, float* mask, float* drop, float* dh, float* grads, float* gates, float* recurrent, float* outputs, int r0, int r1)
    {
        int rows = r1 - r0, stepGates = batch * _width, stepCells = batch * units;
        float[] dhNext = new float[rows * units], scratch = new float[units], product = drop is null ? [] : new float[rows * units];
        for (int i = steps - 1; i >= 0; i--)
        {
            int t = reverse ? steps - 1 - i : i;
            for (int r = 0; r < rows; r++)
            {
                int row = r0 + r;
                var g = new ReadOnlySpan<float>(gates + ((long)i * stepGates) + (row * _width), _width);
                var a = new ReadOnlySpan<float>(recurrent + ((long)i * stepGates) + (row * _width), _width);
                ReadOnlySpan<float> z = g[..units], rg = g.Slice(units, units), candidate = g.Slice(2 * units, units);
                Span<float> dhRow = dhNext.AsSpan(r * units, units);
                TensorPrimitives.Add(dhRow, new ReadOnlySpan<float>(dh + ((long)i * stepCells) + (row * units), units), dhRow);
                float* at = grads + (2 * (((long)i * stepGates) + (row * _width)));
                Span<float> dp = new(at, _width), daRow = new(at + _width, _width);
                if (RecurrentRows.Skips(mask, t, batch, row))
                {
                    // A skipped step passes h on unchanged: its dP and da are 0, and dh goes whole to the step before.
                    dp.Clear();
                    daRow.Clear();
                    continue;
                }
                UpdateGradients(z, candidate, i > 0 ? outputs + ((long)(i - 1) * stepCells) + (row * units) : null, dhRow, dp, scratch);
                // dr = d(P_h + r·a_h)·a_h, through σ; da_h = d(…)·r; da_z, da_r as dP's
                Span<float> dCandidate = dp.Slice(2 * units, units);
                TensorPrimitives.Multiply(dCandidate, a.Slice(2 * units, units), scratch);
                recurrentActivation.Gradient(scratch, rg, dp.Slice(units, units));
                dp[..(2 * units)].CopyTo(daRow);
                TensorPrimitives.Multiply(dCandidate, rg, daRow.Slice(2 * units, units));
            }
            // dh_prev += da · Uᵀ, da read in place (rows 2·3u apart)
            float* daRows = grads + (2 * (((long)i * stepGates) + (r0 * _width))) + _width;
            fixed (float* next = dhNext) RecurrentRows.ProductGradient(daRows, 2 * _width, drop, r0, rows, units, 3, _width, u, next, accumulate: true, product);
        }
    }

    /// <summary>
    /// resetAfter false, rows [r0, r1): a_zr = h·U_zr, z = σ(P_z + a_z), r = σ(P_r + a_r), then a_h = (r·h)·U_h and
    /// h̃ = tanh(P_h + a_h); gates and products kept per step as <see cref="Run"/>'s.
    /// </summary>
    private void RunBefore(float* p, float* u, float* mask, float* drop, float* h, float* gates, float* recurrent, bool keep, int r0, int r1)
    {
        int rows = r1 - r0, stepGates = batch * _width, stepCells = batch * units;
        float[] scratch = drop is null ? [] : new float[rows * units], scaled = new float[rows * units];
        for (int i = 0; i < steps; i++)
        {
            int t = reverse ? steps - 1 - i : i;
            float* g = keep ? gates + ((long)i * stepGates) + (r0 * _width) : gates;
            float* a = keep ? recurrent + ((long)i * stepGates) + (r0 * _width) : recurrent;
            float* hPrevious = i > 0 ? h + ((long)(i - 1) * stepCells) + (r0 * units) : null;
            float* hStep = h + ((long)i * stepCells) + (r0 * units);
            new Span<float>(a, rows * _width).Clear();
            if (hPrevious is not null) RecurrentRows.AddProduct(hPrevious, drop, r0, rows, units, 2, _width, u, a, _width, scratch);
            for (int r = 0; r < rows; r++)
            {
                var gate = new Span<float>(g + (r * _width), _width);
                new ReadOnlySpan<float>(p + ((long)t * stepGates) + ((r0 + r) * _width), _width).CopyTo(gate);
                TensorPrimitives.Add(gate[..(2 * units)], new ReadOnlySpan<float>(a + (r * _width), 2 * units), gate[..(2 * units)]);
                recurrentActivation.Apply(gate[..(2 * units)]);
                // s = r·h (·the candidate's recurrent dropout mask): the state the candidate's product takes.
                Span<float> s = scaled.AsSpan(r * units, units);
                if (hPrevious is null) s.Clear();
                else TensorPrimitives.Multiply(gate.Slice(units, units), new ReadOnlySpan<float>(hPrevious + (r * units), units), s);
                if (drop is not null) TensorPrimitives.Multiply(s, new ReadOnlySpan<float>(drop + ((long)(r0 + r) * _width) + (2 * units), units), s);
            }
            fixed (float* ps = scaled) Gemm.Multiply(false, false, rows, units, units, ps, units, u + (2 * units), _width, a + (2 * units), _width, accumulate: true, threads: 1);
            for (int r = 0; r < rows; r++)
            {
                var hRow = new Span<float>(hStep + (r * units), units);
                if (Carried(mask, t, h, i, stepCells, r0 + r, hRow)) continue;
                var gate = new Span<float>(g + (r * _width), _width);
                Span<float> z = gate[..units], candidate = gate.Slice(2 * units, units);
                TensorPrimitives.Add(candidate, new ReadOnlySpan<float>(a + (r * _width) + (2 * units), units), candidate);
                activation.Apply(candidate);
                Mix(z, candidate, hPrevious is null ? null : hPrevious + (r * units), hRow);
            }
        }
    }

    /// <summary>
    /// Backpropagation through time for resetAfter false, rows [r0, r1): per step dP, da (slabs 0 and 1) and the
    /// scaled state r·h (slab 2, its first units) for U_h's gradient, and the carried dh.
    /// </summary>
    private void ThroughBefore(float* u, float* mask, float* drop, float* dh, float* grads, float* gates, float* outputs, int r0, int r1)
    {
        int rows = r1 - r0, stepGates = batch * _width, stepCells = batch * units, slab = 3 * _width;
        float[] dhNext = new float[rows * units], scratch = new float[units], ds = new float[rows * units], product = drop is null ? [] : new float[rows * units];
        for (int i = steps - 1; i >= 0; i--)
        {
            int t = reverse ? steps - 1 - i : i;
            float* rowsAt = grads + ((long)i * batch * slab) + ((long)r0 * slab);
            for (int r = 0; r < rows; r++)
            {
                int row = r0 + r;
                var g = new ReadOnlySpan<float>(gates + ((long)i * stepGates) + (row * _width), _width);
                ReadOnlySpan<float> z = g[..units], candidate = g.Slice(2 * units, units);
                Span<float> dhRow = dhNext.AsSpan(r * units, units), all = new(rowsAt + ((long)r * slab), slab);
                Span<float> dp = all[.._width], da = all.Slice(_width, _width);
                TensorPrimitives.Add(dhRow, new ReadOnlySpan<float>(dh + ((long)i * stepCells) + (row * units), units), dhRow);
                all.Clear();
                if (RecurrentRows.Skips(mask, t, batch, row)) continue; // dh goes whole to the step before
                UpdateGradients(z, candidate, i > 0 ? outputs + ((long)(i - 1) * stepCells) + (row * units) : null, dhRow, dp, scratch);
                dp[..units].CopyTo(da[..units]);
                dp.Slice(2 * units, units).CopyTo(da.Slice(2 * units, units));
            }
            // ds = da_h · U_hᵀ, the gradient of the scaled state r·h (·mask)
            fixed (float* pds = ds) Gemm.Multiply(false, true, rows, units, units, rowsAt + _width + (2 * units), slab, u + (2 * units), _width, pds, units, accumulate: false, threads: 1);
            for (int r = 0; r < rows; r++)
            {
                int row = r0 + r;
                if (RecurrentRows.Skips(mask, t, batch, row)) continue;
                var rg = new ReadOnlySpan<float>(gates + ((long)i * stepGates) + (row * _width) + units, units);
                Span<float> all = new(rowsAt + ((long)r * slab), slab), dsRow = ds.AsSpan(r * units, units), dhRow = dhNext.AsSpan(r * units, units);
                if (drop is not null) TensorPrimitives.Multiply(dsRow, new ReadOnlySpan<float>(drop + ((long)row * _width) + (2 * units), units), dsRow);
                if (i > 0)
                {
                    var hPrevious = new ReadOnlySpan<float>(outputs + ((long)(i - 1) * stepCells) + (row * units), units);
                    // dr = ds·h_prev through σ; dh_prev += ds·r; the scaled state r·h_prev (·mask) kept for U_h's gradient
                    TensorPrimitives.Multiply(dsRow, hPrevious, scratch);
                    recurrentActivation.Gradient(scratch, rg, all.Slice(units, units));
                    TensorPrimitives.FusedMultiplyAdd(dsRow, rg, dhRow, dhRow);
                    Span<float> s = all.Slice(2 * _width, units);
                    TensorPrimitives.Multiply(rg, hPrevious, s);
                    if (drop is not null) TensorPrimitives.Multiply(s, new ReadOnlySpan<float>(drop + ((long)row * _width) + (2 * units), units), s);
                }
                all.Slice(units, units).CopyTo(all.Slice(_width + units, units)); // da_r = dP_r
            }
            // dh_prev += [da_z, da_r] · [U_z, U_r]ᵀ
            fixed (float* next = dhNext) RecurrentRows.ProductGradient(rowsAt + _width, slab, drop, r0, rows, units, 2, _width, u, next, accumulate: true, product);
        }
    }

    /// <summary>
    /// What both forms share backwards for one row: dP_z = dh·(h_prev − h̃) through σ and the candidate's
    /// pre-activation gradient dh·(1 − z)·tanh′ (1 − h̃² for tanh) into dp's blocks; then dh becomes its direct path to the step
    /// before, dh·z (the products' paths are added after). h_prev is null at the first step (zero state).
    /// </summary>
    private void UpdateGradients(ReadOnlySpan<float> z, ReadOnlySpan<float> candidate, float* hPrevious, Span<float> dhRow, Span<float> dp, Span<float> scratch)
    {
        if (hPrevious is not null) TensorPrimitives.Subtract(new ReadOnlySpan<float>(hPrevious, units), candidate, scratch);
        else TensorPrimitives.Negate(candidate, scratch);
        TensorPrimitives.Multiply(scratch, dhRow, scratch);
        recurrentActivation.Gradient(scratch, z, dp[..units]);
        TensorPrimitives.Subtract(1f, z, scratch);
        TensorPrimitives.Multiply(scratch, dhRow, scratch);
        activation.Gradient(scratch, candidate, dp.Slice(2 * units, units));
        TensorPrimitives.Multiply(dhRow, z, dhRow);
    }

    /// <summary>h = h̃ + z·(h_prev − h̃), from the zero state when h_prev is null.</summary>
    private void Mix(ReadOnlySpan<float> z, ReadOnlySpan<float> candidate, float* hPrevious, Span<float> hRow)
    {
        if (hPrevious is null) TensorPrimitives.Negate(candidate, hRow);
        else TensorPrimitives.Subtract(new ReadOnlySpan<float>(hPrevious, units), candidate, hRow);
        TensorPrimitives.FusedMultiplyAdd(hRow, z, candidate, hRow);
    }

    /// <summary>Whether the mask skips this row's step; if so its h is the one carried from the step before.</summary>
    private bool Carried(float* mask, int t, float* h, int i, int stepCells, int row, Span<float> hRow)
    {
        if (!RecurrentRows.Skips(mask, t, batch, row)) return false;
        RecurrentRows.Carry(h, i, stepCells, row * units, hRow);
        return true;
    }
}
