using System.Runtime.CompilerServices;
using System.Numerics;

namespace Strata.Kernels;

/// <summary>
/// Adagrad in one pass: acc += g², w -= lr·g / sqrt(acc + ε), each element through the same
/// operations in the same order as the step-by-step form.
/// </summary>
internal static unsafe class AdagradKernel
{
    public static void Update(ReadOnlySpan<float> g, Span<float> accumulator, Span<float> w, float epsilon, float learningRate)
    {
        VariableUpdate.CheckLengths("Adagrad", g.Length, accumulator.Length, w.Length);
        fixed (float* pg = g, pa = accumulator, pw = w)
        {
            var arrays = new UpdateArrays { G = pg, A = pa, W = pw, Length = g.Length, P0 = epsilon, P1 = learningRate };
            VariableUpdate.Run(&arrays, &Range);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first step: no slow unoptimized tier
    private static void Range(UpdateArrays* p, int begin, int end)
    {
        float epsilon = p->P0, learningRate = p->P1;
        float* g = p->G, acc = p->A, w = p->W;
        int i = begin, width = Vector<float>.Count;
        for (; i <= end - width; i += width)
        {
            Vector<float> gk = Vector.Load(g + i);
            Vector<float> ak = (gk * gk) + Vector.Load(acc + i);
            ak.Store(acc + i);
            (Vector.Load(w + i) - (gk * learningRate / Vector.SquareRoot(ak + new Vector<float>(epsilon)))).Store(w + i);
        }
        for (; i < end; i++)
        {
            float ai = (g[i] * g[i]) + acc[i];
            acc[i] = ai;
            w[i] -= g[i] * learningRate / MathF.Sqrt(ai + epsilon);
        }
    }
}
