using System.Numerics.Tensors;

namespace Strata.Kernels;

/// <summary>
/// An LSTM over all the steps of a batch in one kernel, and its backpropagation through time. The input's
/// projection P (steps, batch, 4·units: x·W + b, gates i, f, c̃, o as Keras orders them) is given; each step
/// adds h·U (the packed GEMM), applies the gates a row at a time on vectors, and updates c and h:
/// c = σ(f)·c + σ(i)·tanh(c̃), h = σ(o)·tanh(c). Steps run in order, or from the last with
/// <c>reverse</c>; outputs are in the order processed. Deterministic: the GEMM's sums do not depend on
/// threads, the rest runs on one.
/// </summary>
internal sealed class LstmKernel(int steps, int batch, int units, bool reverse)
{
    private readonly int _width = 4 * units;
    private float[]? _gates, _cells, _outputs; // per processed step: activated gates (batch, 4u), c and h (batch, u): the gradient's scratch

    /// <summary>H (steps, batch, units) from P and U (units, 4·units).</summary>
    public unsafe void Forward(ReadOnlySpan<float> p, float[] u, int uOffset, Span<float> h)
    {
        float[] gates = new float[batch * _width], cell = new float[batch * units];
        Run(p, u, uOffset, h, gates, cell, keep: false);
    }

    /// <summary>
    /// dZ (steps, batch, 4·units), in the order processed: the gradient with respect to each step's z = P + h·U,
    /// from dH (steps, batch, units) of the outputs. The forward is run again to recover the gates and cells.
    /// </summary>
    public unsafe void Backward(ReadOnlySpan<float> p, float[] u, int uOffset, ReadOnlySpan<float> dh, Span<float> dz)
    {
        int stepGates = batch * _width, stepCells = batch * units;
        if (_gates is null) (_gates, _cells, _outputs) = (new float[steps * stepGates], new float[steps * stepCells], new float[steps * stepCells]);
        Run(p, u, uOffset, _outputs, _gates, _cells!, keep: true);

        float[] dhNext = new float[stepCells], dcNext = new float[stepCells], tanhC = new float[units], dc = new float[units], scratch = new float[units];
        for (int i = steps - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> gates = _gates.AsSpan(i * stepGates, stepGates), cells = _cells!.AsSpan(i * stepCells, stepCells);
            Span<float> dzStep = dz.Slice(i * stepGates, stepGates);
            for (int r = 0; r < batch; r++)
            {
                ReadOnlySpan<float> g = gates.Slice(r * _width, _width), c = cells.Slice(r * units, units);
                ReadOnlySpan<float> gi = g[..units], gf = g.Slice(units, units), gc = g.Slice(2 * units, units), go = g.Slice(3 * units, units);
                Span<float> dhRow = dhNext.AsSpan(r * units, units), dcRow = dcNext.AsSpan(r * units, units), d = dzStep.Slice(r * _width, _width);
                TensorPrimitives.Add(dhRow, dh.Slice((i * stepCells) + (r * units), units), dhRow); // dh = dH + the next step's
                TensorPrimitives.Tanh(c, tanhC);
                // do = dh·tanh(c); dc = dc_next + dh·o·(1 − tanh²(c))
                TensorPrimitives.Multiply(dhRow, tanhC, scratch);
                SigmoidGradient(scratch, go, d.Slice(3 * units, units));
                TensorPrimitives.Multiply(tanhC, tanhC, tanhC);
                TensorPrimitives.Subtract(1f, tanhC, tanhC);
                TensorPrimitives.Multiply(tanhC, go, tanhC);
                TensorPrimitives.Multiply(tanhC, dhRow, tanhC);
                TensorPrimitives.Add(tanhC, dcRow, dc);
                // di = dc·c̃, dc̃ = dc·i, df = dc·c_prev, dc_next = dc·f
                TensorPrimitives.Multiply(dc, gc, scratch);
                SigmoidGradient(scratch, gi, d[..units]);
                TensorPrimitives.Multiply(dc, gi, scratch);
                TensorPrimitives.Multiply(gc, gc, d.Slice(2 * units, units));
                TensorPrimitives.Subtract(1f, d.Slice(2 * units, units), d.Slice(2 * units, units));
                TensorPrimitives.Multiply(d.Slice(2 * units, units), scratch, d.Slice(2 * units, units));
                if (i > 0) TensorPrimitives.Multiply(dc, _cells.AsSpan(((i - 1) * stepCells) + (r * units), units), scratch);
                else scratch.AsSpan().Clear();
                SigmoidGradient(scratch, gf, d.Slice(units, units));
                TensorPrimitives.Multiply(dc, gf, dcRow);
            }
            // dh_next = dz · Uᵀ
            fixed (float* pdz = dz.Slice(i * stepGates, stepGates), pu = &u[uOffset], pdh = dhNext)
            {
                Gemm.Multiply(false, true, batch, units, _width, pdz, _width, pu, _width, pdh, units, accumulate: false, Engine.Threads);
            }
        }
    }

    /// <summary>d = upstream · s·(1 − s) for an activated sigmoid s.</summary>
    private static void SigmoidGradient(ReadOnlySpan<float> upstream, ReadOnlySpan<float> s, Span<float> d)
    {
        TensorPrimitives.Subtract(1f, s, d);
        TensorPrimitives.Multiply(d, s, d);
        TensorPrimitives.Multiply(d, upstream, d);
    }

    /// <summary>The forward steps; with <paramref name="keep"/>, each step's activated gates and cells go to the arrays at its place.</summary>
    private unsafe void Run(ReadOnlySpan<float> p, float[] u, int uOffset, Span<float> h, float[] gates, float[] cells, bool keep)
    {
        int stepGates = batch * _width, stepCells = batch * units;
        float[] c = new float[stepCells];
        for (int i = 0; i < steps; i++)
        {
            int t = reverse ? steps - 1 - i : i;
            Span<float> z = keep ? gates.AsSpan(i * stepGates, stepGates) : gates.AsSpan(0, stepGates);
            p.Slice(t * stepGates, stepGates).CopyTo(z);
            if (i > 0)
            {
                fixed (float* ph = h.Slice((i - 1) * stepCells, stepCells), pu = &u[uOffset], pz = z)
                {
                    Gemm.Multiply(false, false, batch, _width, units, ph, units, pu, _width, pz, _width, accumulate: true, Engine.Threads);
                }
            }
            Span<float> hStep = h.Slice(i * stepCells, stepCells);
            for (int r = 0; r < batch; r++)
            {
                Span<float> g = z.Slice(r * _width, _width), cRow = c.AsSpan(r * units, units), hRow = hStep.Slice(r * units, units);
                TensorPrimitives.Sigmoid(g[..(2 * units)], g[..(2 * units)]);
                TensorPrimitives.Tanh(g.Slice(2 * units, units), g.Slice(2 * units, units));
                TensorPrimitives.Sigmoid(g.Slice(3 * units, units), g.Slice(3 * units, units));
                TensorPrimitives.Multiply(cRow, g.Slice(units, units), cRow);                                 // f·c
                TensorPrimitives.FusedMultiplyAdd(g[..units], g.Slice(2 * units, units), cRow, cRow);         // + i·c̃
                TensorPrimitives.Tanh(cRow, hRow);
                TensorPrimitives.Multiply(hRow, g.Slice(3 * units, units), hRow);                             // o·tanh(c)
            }
            if (keep) c.CopyTo(cells.AsSpan(i * stepCells, stepCells));
        }
    }
}
