using System.Runtime.InteropServices;
using Strata.Cuda.Compilation;

namespace Strata.Cuda.Native;

/// <summary>
/// CUDA graphs through the driver (libcuda.so.1, found at run time): a step's launches are captured from its stream
/// (cuStreamBeginCapture_v2 … cuStreamEndCapture), instantiated once, and replayed by one cuGraphLaunch per step.
/// Bound by hand (six entry points): ILGPU 1.5.3 has no graph API.
/// </summary>
internal sealed unsafe class CudaGraphs : IStepGraphs
{
    private const int Success = 0;

    // CU_STREAM_CAPTURE_MODE_RELAXED: the capture does not forbid this thread's other driver calls (ILGPU's own).
    private const int RelaxedCapture = 2;

    private readonly IntPtr _stream;
    private readonly delegate* unmanaged<IntPtr, int, int> _beginCapture;
    private readonly delegate* unmanaged<IntPtr, IntPtr*, int> _endCapture;
    private readonly delegate* unmanaged<IntPtr*, IntPtr, ulong, int> _instantiate;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> _launch;
    private readonly delegate* unmanaged<IntPtr, int> _destroyExec;
    private readonly delegate* unmanaged<IntPtr, int> _destroyGraph;

    private CudaGraphs(IntPtr driver, IntPtr stream)
    {
        _stream = stream;
        _beginCapture = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(driver, "cuStreamBeginCapture_v2");
        _endCapture = (delegate* unmanaged<IntPtr, IntPtr*, int>)NativeLibrary.GetExport(driver, "cuStreamEndCapture");
        _instantiate = (delegate* unmanaged<IntPtr*, IntPtr, ulong, int>)NativeLibrary.GetExport(driver, "cuGraphInstantiateWithFlags");
        _launch = (delegate* unmanaged<IntPtr, IntPtr, int>)NativeLibrary.GetExport(driver, "cuGraphLaunch");
        _destroyExec = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(driver, "cuGraphExecDestroy");
        _destroyGraph = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(driver, "cuGraphDestroy");
    }

    /// <summary>The driver's graph calls for <paramref name="stream"/>, or null (with why) when the driver lacks them.</summary>
    public static CudaGraphs? TryLoad(IntPtr stream, out string? why)
    {
        why = null;
        if (!NativeLibrary.TryLoad(CudaDriver.LibraryName, out IntPtr driver))
        {
            why = $"{CudaDriver.LibraryName} was not found";
            return null;
        }
        try
        {
            return new CudaGraphs(driver, stream);
        }
        catch (EntryPointNotFoundException e)
        {
            why = $"{CudaDriver.LibraryName} lacks a graph call ({e.Message}); CUDA 11.4 or later has them";
            return null;
        }
    }

    /// <inheritdoc/>
    public IStepGraph Capture(Action enqueue)
    {
        Check(_beginCapture(_stream, RelaxedCapture), "cuStreamBeginCapture_v2");
        IntPtr graph;
        try
        {
            enqueue();
        }
        finally
        {
            // Ends the capture even when a launch failed, so the stream is usable again.
            int ended = _endCapture(_stream, &graph);
            if (ended != Success) throw new InvalidOperationException($"cuStreamEndCapture failed with CUresult {ended}.");
        }
        try
        {
            IntPtr exec;
            Check(_instantiate(&exec, graph, 0), "cuGraphInstantiateWithFlags");
            return new Graph(this, exec);
        }
        finally
        {
            _ = _destroyGraph(graph); // the instance keeps what it needs
        }
    }

    private static void Check(int result, string call)
    {
        if (result != Success) throw new InvalidOperationException($"{call} failed with CUresult {result}.");
    }

    private sealed class Graph(CudaGraphs graphs, IntPtr exec) : IStepGraph
    {
        private IntPtr _exec = exec;

        public void Launch() => Check(graphs._launch(_exec, graphs._stream), "cuGraphLaunch");

        public void Dispose()
        {
            if (_exec == IntPtr.Zero) return;
            _ = graphs._destroyExec(_exec);
            _exec = IntPtr.Zero;
        }
    }
}
