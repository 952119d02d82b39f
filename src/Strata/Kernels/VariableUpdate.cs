using System.Numerics;

namespace Strata.Kernels;

/// <summary>
/// Runs an optimizer's one-pass, in-place update of a variable over the GEMM workers: the elements are
/// split into parts that end on vector boundaries, so each part's vector loop covers all but the
/// array's own tail, and since each element is updated alone the split does not change a bit.
/// </summary>
internal static unsafe class VariableUpdate
{
    /// <summary>Below this many elements a second thread costs more than it saves.</summary>
    private const int MinPerThread = 32 * 1024;

    /// <summary>Calls <paramref name="range"/>(begin, end, state) over parts covering [0, <paramref name="length"/>).</summary>
    public static void Run(int length, delegate*<int, int, void*, void> range, void* state)
    {
        var job = new Job { Length = length, Range = range, State = state, Parts = GemmWorkers.PartsFor(length, MinPerThread, Engine.Threads) };
        GemmWorkers.Run(job.Parts, &Part, &job);
    }

    private static void Part(int index, void* state)
    {
        var job = (Job*)state;
        int width = Vector<float>.Count;
        long vectors = job->Length / width;
        int begin = (int)(vectors * index / job->Parts * width);
        int end = index == job->Parts - 1 ? job->Length : (int)(vectors * (index + 1) / job->Parts * width);
        job->Range(begin, end, job->State);
    }

    private struct Job
    {
        public int Length, Parts;
        public delegate*<int, int, void*, void> Range;
        public void* State;
    }
}
