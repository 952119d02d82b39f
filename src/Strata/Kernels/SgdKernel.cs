using System.Runtime.CompilerServices;
using System.Numerics;

namespace Strata.Kernels;

/// <summary>
/// SGD with momentum in one pass: m = m·μ - lr·g, then w += m (or, Nesterov, w += m·μ - lr·g), each
/// element through the same operations in the same order as the step-by-step form.
/// </summary>
internal static unsafe class SgdKernel
{
    public static void Update(ReadOnlySpan<float> g, Span<float> m, Span<float> w, float momentum, float learningRate, bool nesterov)
    {
        VariableUpdate.CheckLengths("SGD", g.Length, m.Length, w.Length);
        fixed (float* pg = g, pm = m, pw = w)
        {
            var arrays = new UpdateArrays { G = pg, A = pm, W = pw, Length = g.Length, P0 = momentum, P1 = -learningRate };
            VariableUpdate.Run(&arrays, nesterov ? &Nesterov : &Plain);
        }
    }

    private static void Plain(UpdateArrays* p, int begin, int end) => Run(p, begin, end, nesterov: false);

    private static void Nesterov(UpdateArrays* p, int begin, int end) => Run(p, begin, end, nesterov: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Run(UpdateArrays* p, int begin, int end, bool nesterov)
    {
        float momentum = p->P0, rate = p->P1;
        float* g = p->G, m = p->A, w = p->W;
        int i = begin, width = Vector<float>.Count;
        for (; i <= end - width; i += width)
        {
            Vector<float> gk = Vector.Load(g + i);
            Vector<float> mk = (gk * rate) + (Vector.Load(m + i) * momentum);
            mk.Store(m + i);
            (Vector.Load(w + i) + (nesterov ? (gk * rate) + (mk * momentum) : mk)).Store(w + i);
        }
        for (; i < end; i++)
        {
            float mi = (g[i] * rate) + (m[i] * momentum);
            m[i] = mi;
            w[i] += nesterov ? (g[i] * rate) + (mi * momentum) : mi;
        }
    }
}
