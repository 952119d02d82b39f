using System.Numerics;
using System.Runtime.InteropServices;

namespace Strata.Kernels;

/// <summary>
/// Adam's update (without amsgrad) in one pass over the gradient, both moments and the weights,
/// instead of nine array-wide passes; each element goes through the same operations in the same
/// order as the step-by-step form (m += (g - m)·(1 - β1), v += (g² - v)·(1 - β2),
/// w -= m·α / (sqrt(v) + ε)), so the result is the same to the bit.
/// </summary>
internal static unsafe class AdamKernel
{
    public static void Update(ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> w, float beta1, float beta2, float epsilon, float alpha)
    {
        if (g.Length != m.Length || g.Length != v.Length || g.Length != w.Length)
        {
            throw new ArgumentException($"Adam: gradient, moment and variable lengths differ ({g.Length}, {m.Length}, {v.Length}, {w.Length}).");
        }
        fixed (float* pg = g, pm = m, pv = v, pw = w)
        {
            var state = new State { G = pg, M = pm, V = pv, W = pw, Keep1 = 1f - beta1, Keep2 = 1f - beta2, Epsilon = epsilon, Alpha = alpha };
            VariableUpdate.Run(g.Length, &Range, &state);
        }
    }

    private static void Range(int begin, int end, void* s)
    {
        var p = (State*)s;
        int n = end - begin;
        Run(new ReadOnlySpan<float>(p->G + begin, n), new Span<float>(p->M + begin, n), new Span<float>(p->V + begin, n),
            new Span<float>(p->W + begin, n), p);
    }

    private static void Run(ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> w, State* p)
    {
        float keep1 = p->Keep1, keep2 = p->Keep2, epsilon = p->Epsilon, alpha = p->Alpha;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(g);
            Span<Vector<float>> mv = MemoryMarshal.Cast<float, Vector<float>>(m), vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            Span<Vector<float>> wv = MemoryMarshal.Cast<float, Vector<float>>(w);
            for (int k = 0; k < gv.Length; k++)
            {
                Vector<float> gk = gv[k];
                Vector<float> mk = ((gk - mv[k]) * keep1) + mv[k];
                Vector<float> vk = (((gk * gk) - vv[k]) * keep2) + vv[k];
                mv[k] = mk;
                vv[k] = vk;
                wv[k] -= mk * alpha / (Vector.SquareRoot(vk) + new Vector<float>(epsilon));
            }
            i = gv.Length * Vector<float>.Count;
        }
        for (; i < g.Length; i++)
        {
            float mi = ((g[i] - m[i]) * keep1) + m[i];
            float vi = (((g[i] * g[i]) - v[i]) * keep2) + v[i];
            m[i] = mi;
            v[i] = vi;
            w[i] -= mi * alpha / (MathF.Sqrt(vi) + epsilon);
        }
    }

    private struct State
    {
        public float* G, M, V, W;
        public float Keep1, Keep2, Epsilon, Alpha;
    }
}
