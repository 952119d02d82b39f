namespace Strata.Cuda.Compilation;

/// <summary>
/// How a device turns a step's launches into one graph replayed as a whole (CUDA graphs), so that a step costs one
/// launch instead of one per kernel. The launches are captured with the arguments they are given then: whatever
/// changes from run to run must be read from device memory (<see cref="StepScalars"/>), or be part of the graph's key.
/// </summary>
internal interface IStepGraphs
{
    /// <summary>The launches <paramref name="enqueue"/> makes, captured as one graph (not run).</summary>
    IStepGraph Capture(Action enqueue);
}

/// <summary>A captured step: <see cref="Launch"/> runs every launch of it, in order, on the step's stream.</summary>
internal interface IStepGraph : IDisposable
{
    void Launch();
}

/// <summary>
/// The simulator's graphs: the launches kept with the arguments they were given (<see cref="GpuKernels.Record"/>) and
/// replayed as they are, so a test on the CPU finds what a CUDA graph would replay wrongly (an argument that changes
/// from run to run but was captured once).
/// </summary>
internal sealed class RecordedGraphs(GpuKernels kernels) : IStepGraphs
{
    /// <summary>How many graphs were captured (for tests: a key that changes captures again).</summary>
    public int Captures { get; private set; }

    public IStepGraph Capture(Action enqueue)
    {
        Captures++;
        return new Recorded(kernels.Record(enqueue));
    }

    private sealed class Recorded(List<Action> launches) : IStepGraph
    {
        public void Launch()
        {
            foreach (Action launch in launches) launch();
        }

        public void Dispose() => launches.Clear();
    }
}
