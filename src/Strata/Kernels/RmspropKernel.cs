using System.Numerics;
using System.Runtime.InteropServices;

namespace Strata.Kernels;

/// <summary>
/// Plain RMSprop's update in one pass over the gradient, the velocity and the weights, instead of eight
/// array-wide passes: the chapter 2 network's 1.6 MB kernel does not stay in cache between passes, so
/// the update was memory-bound. Each element goes through the same operations in the same order as the
/// step-by-step form, and large variables are split over the GEMM workers (elementwise, so the split does
/// not change a bit).
/// </summary>
internal static unsafe class RmspropKernel
{
    /// <summary>Below this many elements a second thread costs more than it saves.</summary>
    private const int MinPerThread = 32 * 1024;

    /// <summary>v = rho·v + (1 - rho)·g²; w -= lr·g / sqrt(v + epsilon).</summary>
    public static void Update(ReadOnlySpan<float> g, Span<float> v, Span<float> w, float rho, float epsilon, float learningRate)
    {
        if (g.Length != v.Length || g.Length != w.Length)
        {
            throw new ArgumentException($"RMSprop: gradient, velocity and variable lengths differ ({g.Length}, {v.Length}, {w.Length}).");
        }
        fixed (float* pg = g, pv = v, pw = w)
        {
            var job = new Job { G = pg, V = pv, W = pw, Length = g.Length, Rho = rho, Epsilon = epsilon, LearningRate = learningRate };
            job.Parts = GemmWorkers.PartsFor(g.Length, MinPerThread, Engine.Threads);
            GemmWorkers.Run(job.Parts, &Part, &job);
        }
    }

    private static void Part(int index, void* state)
    {
        var job = (Job*)state;
        // Parts end on vector boundaries so each part's vector loop covers all but the array's own tail.
        int width = Vector<float>.Count;
        long vectors = job->Length / width;
        int begin = (int)(vectors * index / job->Parts * width);
        int end = index == job->Parts - 1 ? job->Length : (int)(vectors * (index + 1) / job->Parts * width);
        Run(new ReadOnlySpan<float>(job->G + begin, end - begin), new Span<float>(job->V + begin, end - begin),
            new Span<float>(job->W + begin, end - begin), job->Rho, job->Epsilon, job->LearningRate);
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

    private struct Job
    {
        public float* G, V, W;
        public int Length, Parts;
        public float Rho, Epsilon, LearningRate;
    }
}
