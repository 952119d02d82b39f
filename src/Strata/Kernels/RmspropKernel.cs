using System.Runtime.CompilerServices;
using System.Numerics;

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
        VariableUpdate.CheckLengths("RMSprop", g.Length, v.Length, w.Length);
        fixed (float* pg = g, pv = v, pw = w)
        {
            var arrays = new UpdateArrays { G = pg, A = pv, W = pw, Length = g.Length, P0 = rho, P1 = epsilon, P2 = learningRate };
            VariableUpdate.Run(&arrays, &Range);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Range(UpdateArrays* p, int begin, int end)
    {
        float rho = p->P0, keep = 1f - rho, epsilon = p->P1, learningRate = p->P2;
        float* g = p->G, v = p->A, w = p->W;
        int i = begin, width = Vector<float>.Count;
        for (; i <= end - width; i += width)
        {
            Vector<float> gk = Vector.Load(g + i);
            Vector<float> velocity = (Vector.Load(v + i) * rho) + (gk * gk * keep);
            velocity.Store(v + i);
            (Vector.Load(w + i) - (gk * learningRate / Vector.SquareRoot(velocity + new Vector<float>(epsilon)))).Store(w + i);
        }
        for (; i < end; i++)
        {
            float velocity = (v[i] * rho) + (g[i] * g[i] * keep);
            v[i] = velocity;
            w[i] -= g[i] * learningRate / MathF.Sqrt(velocity + epsilon);
        }
    }
}
