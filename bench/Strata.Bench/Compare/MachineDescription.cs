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

    /// <summary>The model name, with family and model numbers: a VM may show only "AMD EPYC", and the family tells the core.</summary>
    private static string CpuModel()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path)) return RuntimeInformation.ProcessArchitecture.ToString();
        string[] lines = File.ReadLines(path).TakeWhile(l => l.Length > 0).ToArray();
        string? Field(string name) => lines.FirstOrDefault(l => l.Split(':')[0].Trim() == name)?.Split(':', 2)[1].Trim();
        return $"{Field("model name") ?? "?"} (family {Field("cpu family") ?? "?"}, model {Field("model") ?? "?"})";
    }

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}
