using System.Diagnostics;
using Strata.Bench.Shared;

namespace Strata.Bench.Compare;

/// <summary>Runs one worker process to its end and collects the Measurement lines it prints.</summary>
internal static class WorkerProcess
{
    public static List<Measurement> Run((string FileName, string[] Prefix) command, string[] args, string? datasets)
    {
        var start = new ProcessStartInfo(command.FileName, [.. command.Prefix, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (datasets is not null) start.Environment["STRATA_DATASETS"] = datasets;
        // The workers' thread counts are set in code; keep a caller's OpenMP/MKL overrides out of the peer.
        start.Environment.Remove("OMP_NUM_THREADS");
        start.Environment.Remove("MKL_NUM_THREADS");

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var results = new List<Measurement>();
        var other = new List<string>();
        while (process.StandardOutput.ReadLine() is string line)
        {
            if (Measurement.TryParse(line) is Measurement m) results.Add(m);
            else other.Add(line);
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"compare: `{start.FileName} {string.Join(' ', start.ArgumentList)}` exited with {process.ExitCode}:\n{string.Join('\n', other)}\n{errors.Result}");
        }

        return results;
    }
}
