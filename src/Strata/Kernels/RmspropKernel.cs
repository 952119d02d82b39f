using System.Numerics;
using System.Runtime.InteropServices;

namespace Strata.Kernels;

/// <summary>
/// Plain RMSprop's update in one pass over the gradient, the velocity and the weights, instead of eight
/// array-wide passes: the chapter 2 network's 1.6 MB kernel does not stay in cache between passes, so
/// the update was memory-bound. Each element goes through the same operations in the same order as the
/// step-by-step form; large variables are split over the workers (<see cref="VariableUpdate"/>).
/// </summary>
internal static unsafe class RmspropKernel
{
    /// <summary>v = rho·v + (1 - rho)·g²; w -= lr·g / sqrt(v + epsilon).</summary>
    public static void Update(ReadOnlySpan<float> g, Span<float> v, Span<float> w, float rho, float epsilon, float learningRate)
    {
        if (g.Length != v.Length || g.Length != w.Length)
        {
            throw new ArgumentException($"RMSprop: gradient, velocity and variable lengths differ ({g.Length}, {v.Length}, {w.Length}).");
        }
        fixed (float* pg = g, pv = v, pw = w)
        {
            var state = new State { G = pg, V = pv, W = pw, Rho = rho, Epsilon = epsilon, LearningRate = learningRate };
            VariableUpdate.Run(g.Length, &Range, &state);
        }
    }

    private static void Range(int begin, int end, void* s)
    {
        var p = (State*)s;
        int n = end - begin;
        Run(new ReadOnlySpan<float>(p->G + begin, n), new Span<float>(p->V + begin, n), new Span<float>(p->W + begin, n), p->Rho, p->Epsilon, p->LearningRate);
    }

    private static void Run(ReadOnlySpan<float> g, Span<float> v, Span<float> w, float rho, float epsilon, float learningRate)
    {
        float keep = 1f - rho;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> gv = MemoryMarshal.Cast<float, Vector<float>>(g);
            Span<Vector<float>> vv = MemoryMarshal.Cast<float, Vector<float>>(v), wv = MemoryMarshal.Cast<float, Vector<float>>(w);
            for (int k = 0; k < gv.Length; k++)
            {
                Vector<float> gk = gv[k];
                Vector<float> velocity = (vv[k] * rho) + (gk * gk * keep);
                vv[k] = velocity;
                wv[k] -= gk * learningRate / Vector.SquareRoot(velocity + new Vector<float>(epsilon));
            }
            i = gv.Length * Vector<float>.Count;
        }
        for (; i < g.Length; i++)
        {
            float velocity = (v[i] * rho) + (g[i] * g[i] * keep);
            v[i] = velocity;
            w[i] -= g[i] * learningRate / MathF.Sqrt(velocity + epsilon);
        }
    }

    private struct State
    {
        public float* G, V, W;
        public float Rho, Epsilon, LearningRate;
    }
}
