using System.Diagnostics;

namespace Strata.Bench.Shared;

/// <summary>
/// What a worker process reports about itself: time since the kernel started it (so runtime start-up, JIT and
/// native library loading all count) and its peak resident memory.
/// </summary>
public static class ProcessClock
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
}
