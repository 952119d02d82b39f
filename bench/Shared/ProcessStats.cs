using System.Diagnostics;

namespace Strata.Bench.Shared;

/// <summary>
/// What a worker process reports about itself: time since the kernel started it (so runtime start-up, JIT and
/// native library loading all count), its peak resident memory, and what the kernel did for it (page faults
/// and system CPU time: fresh memory is expensive on a VM, so they explain allocation-heavy timings).
/// </summary>
public static class ProcessStats
{
    private static readonly DateTime Started = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>Seconds since the process started (the kernel's start time has 10 ms resolution).</summary>
    public static double SecondsSinceStart() => (DateTime.UtcNow - Started).TotalSeconds;

    /// <summary>
    /// Peak resident set size in MiB: VmHWM from /proc/self/status (Linux). It counts the native libraries'
    /// resident pages too, which is what a user pays for libtorch.
    /// </summary>
    public static double PeakResidentMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                string kib = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib) / 1024.0;
            }
        }

        throw new InvalidOperationException("VmHWM not found in /proc/self/status (Linux only).");
    }

    /// <summary>CPU seconds spent in the kernel on this process's behalf (page faults, zeroing, madvise ...).</summary>
    public static double KernelCpuSeconds() => Process.GetCurrentProcess().PrivilegedProcessorTime.TotalSeconds;

    /// <summary>Minor page faults so far: field 10 of /proc/self/stat (after the parenthesized command name).</summary>
    public static long MinorPageFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7]); // fields[0] is field 3 (state), so field 10 is fields[7]
    }

    /// <summary>Prints the whole-process figures as JSON lines, named <paramref name="workload"/>.metric.</summary>
    public static void Report(string side, string workload)
    {
        new Measurement(side, $"{workload}.peak_rss", PeakResidentMiB(), "MiB").Print();
        new Measurement(side, $"{workload}.kernel_cpu", KernelCpuSeconds(), "s").Print();
        new Measurement(side, $"{workload}.minor_faults", MinorPageFaults(), "").Print();
    }
}
