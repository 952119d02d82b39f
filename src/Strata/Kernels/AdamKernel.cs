using System.Runtime.CompilerServices;
using System.Numerics;

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
        VariableUpdate.CheckLengths("Adam", g.Length, m.Length, v.Length, w.Length);
        fixed (float* pg = g, pm = m, pv = v, pw = w)
        {
            var arrays = new UpdateArrays { G = pg, A = pm, B = pv, W = pw, Length = g.Length, P0 = 1f - beta1, P1 = 1f - beta2, P2 = epsilon, P3 = alpha };
            VariableUpdate.Run(&arrays, &Range);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Range(UpdateArrays* p, int begin, int end)
    {
        float keep1 = p->P0, keep2 = p->P1, epsilon = p->P2, alpha = p->P3;
        float* g = p->G, m = p->A, v = p->B, w = p->W;
        int i = begin, width = Vector<float>.Count;
        for (; i <= end - width; i += width)
        {
            Vector<float> gk = Vector.Load(g + i), mk = Vector.Load(m + i), vk = Vector.Load(v + i);
            mk = ((gk - mk) * keep1) + mk;
            vk = (((gk * gk) - vk) * keep2) + vk;
            mk.Store(m + i);
            vk.Store(v + i);
            (Vector.Load(w + i) - (mk * alpha / (Vector.SquareRoot(vk) + new Vector<float>(epsilon)))).Store(w + i);
        }
        for (; i < end; i++)
        {
            float mi = ((g[i] - m[i]) * keep1) + m[i];
            float vi = (((g[i] * g[i]) - v[i]) * keep2) + v[i];
            m[i] = mi;
            v[i] = vi;
            w[i] -= mi * alpha / (MathF.Sqrt(vi) + epsilon);
        }
    }
}
