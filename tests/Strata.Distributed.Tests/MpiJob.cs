using System.Diagnostics;

namespace Strata.Distributed.Tests;

/// <summary>Starts a scenario of tests/Strata.Distributed.Scenarios under mpirun, over loopback, and collects what it printed.</summary>
internal static class MpiJob
{
    public sealed record Result(int ExitCode, string Output, string Errors, string Folder);

    /// <summary>The scenario on <paramref name="ranks"/> processes; fails the test (rather than hang) if the job outlives <paramref name="patience"/>.</summary>
    public static Result Run(string scenario, int ranks, TimeSpan? patience = null)
    {
        string mpirun = Which("mpirun") ?? throw new InvalidOperationException(
            "mpirun was not found: the data-parallel tests need Open MPI (apt-get install openmpi-bin libopenmpi-dev; .ci/run installs it).");
        return Start(mpirun, ["--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet"], scenario, patience);
    }

    /// <summary>The scenario as one plain process, not started by mpirun.</summary>
    public static Result RunAlone(string scenario) => Start("dotnet", [], scenario, null);

    private static Result Start(string program, string[] before, string scenario, TimeSpan? patience)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"strata-mpi-{scenario}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in before.Concat([ScenariosDll, scenario, folder])) start.ArgumentList.Add(a);
        // Containers often forbid the shared-memory transport's cross-process copies: fall back to plain copies.
        start.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";
        using Process job = Process.Start(start)!;
        Task<string> output = job.StandardOutput.ReadToEndAsync(), errors = job.StandardError.ReadToEndAsync();
        if (!job.WaitForExit(patience ?? TimeSpan.FromMinutes(5)))
        {
            job.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', before)} {scenario} was still running after {(patience ?? TimeSpan.FromMinutes(5)).TotalSeconds} s: a rank hangs.\n{output.Result}\n{errors.Result}");
        }
        return new Result(job.ExitCode, output.Result, errors.Result, folder);
    }

    /// <summary>The scenarios program, from its own output folder (same configuration as these tests).</summary>
    private static string ScenariosDll
    {
        get
        {
            string here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory); // .../tests/Strata.Distributed.Tests/bin/<Configuration>/net10.0
            string configuration = new DirectoryInfo(here).Parent!.Name;
            string path = Path.GetFullPath(Path.Combine(here, "../../../../Strata.Distributed.Scenarios/bin", configuration, "net10.0", "Strata.Distributed.Scenarios.dll"));
            return File.Exists(path) ? path : throw new FileNotFoundException($"The scenarios program was not built: {path} (dotnet build tests/Strata.Distributed.Tests builds it).");
        }
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
