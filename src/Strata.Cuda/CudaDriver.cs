using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime.Cuda;

namespace Strata.Cuda;

/// <summary>
/// Finds the NVIDIA driver and its GPUs at run time. Nothing native ships with Strata: the driver library
/// (libcuda.so.1 on Linux, nvcuda.dll on Windows) comes with the NVIDIA driver, and a machine without it gets a
/// message naming what was looked for rather than a loader error from deep inside.
/// </summary>
internal static class CudaDriver
{
    public static string LibraryName => OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";

    /// <summary>The CUDA GPUs the driver reports, or why there are none.</summary>
    public static (IReadOnlyList<string> Gpus, string? Problem) Probe() => Probe(LibraryName);

    /// <summary>The same with the driver library named (tests name one that is missing).</summary>
    public static (IReadOnlyList<string> Gpus, string? Problem) Probe(string library)
    {
        if (!NativeLibrary.TryLoad(library, out IntPtr driver))
        {
            return ([], $"no NVIDIA driver: {library} was not found by the loader (its search path, LD_LIBRARY_PATH and " +
                "the ld.so cache on Linux). Install the NVIDIA driver, or train on Device.Cpu.");
        }
        NativeLibrary.Free(driver);
        using Context context = Context.Create(builder => builder.Cuda());
        var gpus = new List<string>();
        foreach (ILGPU.Runtime.Cuda.CudaDevice gpu in context.GetCudaDevices()) gpus.Add(gpu.Name);
        return gpus.Count == 0
            ? ([], $"{library} loaded, but the driver reports no CUDA GPU (is one present, and is the driver's kernel module loaded?).")
            : (gpus, null);
    }
}
