using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Strata.Bench.Compare;

/// <summary>One line saying what the numbers were measured on.</summary>
internal static class MachineDescription
{
    public static string Describe()
    {
        string isa = Avx512F.IsSupported ? "AVX-512" : Fma.IsSupported && Avx2.IsSupported ? "AVX2+FMA" : "no AVX2";
        return $"{CpuModel()}, {Environment.ProcessorCount} cores ({isa}), {MemoryGiB():F0} GiB; {RuntimeInformation.OSDescription}; " +
               $".NET {Environment.Version}; peer: TorchSharp-cpu 0.107.0 (libtorch 2.10.0), 2 threads";
    }

    private static string CpuModel()
    {
        const string path = "/proc/cpuinfo";
        string? line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}
