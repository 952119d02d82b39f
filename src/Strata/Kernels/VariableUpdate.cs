using System.Numerics;

namespace Strata.Kernels;

/// <summary>
/// What an optimizer's one-pass update reads and writes: the gradient, up to two slot arrays (moments,
/// accumulators), the variable, and up to four scalars (rates, decay factors, epsilon).
/// </summary>
internal unsafe struct UpdateArrays
{
    public float* G, A, B, W;
    public int Length;
    public float P0, P1, P2, P3;
}

/// <summary>
/// Runs an optimizer's one-pass, in-place update of a variable over the GEMM workers: the elements are
/// split into parts that end on vector boundaries, so each part's vector loop covers all but the
/// array's own tail, and since each element is updated alone the split does not change a bit.
/// </summary>
internal static unsafe class VariableUpdate
{
    /// <summary>Below this many elements a second thread costs more than it saves.</summary>
    private const int MinPerThread = 32 * 1024;

    /// <summary>Calls <paramref name="range"/>(arrays, begin, end) over parts covering all elements.</summary>
    public static void Run(UpdateArrays* arrays, delegate*<UpdateArrays*, int, int, void> range)
    {
        var job = new Job { Arrays = arrays, Range = range, Parts = GemmWorkers.PartsFor(arrays->Length, MinPerThread, Engine.Threads) };
        GemmWorkers.Run(job.Parts, &Part, &job);
    }

    /// <summary>Checks that the gradient and every array have the variable's length.</summary>
    public static void CheckLengths(string optimizer, int g, params ReadOnlySpan<int> others)
    {
        foreach (int length in others)
        {
            if (length != g) throw new ArgumentException($"{optimizer}: the gradient has {g} elements but a slot or the variable has {length}.");
        }
    }

    private static void Part(int index, void* state)
    {
        var job = (Job*)state;
        int length = job->Arrays->Length, width = Vector<float>.Count;
        long vectors = length / width;
        int begin = (int)(vectors * index / job->Parts * width);
        int end = index == job->Parts - 1 ? length : (int)(vectors * (index + 1) / job->Parts * width);
        job->Range(job->Arrays, begin, end);
    }

    private struct Job
    {
        public UpdateArrays* Arrays;
        public int Parts;
        public delegate*<UpdateArrays*, int, int, void> Range;
    }
}
