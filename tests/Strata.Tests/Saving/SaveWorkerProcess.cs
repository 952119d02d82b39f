using System.Diagnostics;

namespace Strata.Tests.Saving;

/// <summary>
/// tests/Strata.SaveWorker run as a real separate process (its dll is copied beside the tests by
/// the project reference), with its output read line by line.
/// </summary>
internal sealed class SaveWorkerProcess : IDisposable
{
    private readonly Process _process;

    private SaveWorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static SaveWorkerProcess Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Strata.SaveWorker.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"SaveWorkerProcess: '{dll}' is missing; build tests/Strata.Tests, which references Strata.SaveWorker.", dll);
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(dll);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        return new SaveWorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("SaveWorkerProcess: the worker did not start."));
    }

    /// <summary>Reads lines until <paramref name="expected"/>; a worker that ends first fails with its error output.</summary>
    public void WaitForLine(string expected)
    {
        string? line;
        while ((line = _process.StandardOutput.ReadLine()) != expected)
        {
            if (line is null)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"SaveWorkerProcess: the worker exited (code {_process.ExitCode}) before printing '{expected}': {_process.StandardError.ReadToEnd()}");
            }
        }
    }

    /// <summary>Kills the worker at once (SIGKILL on Unix) and waits until it is gone and reaped.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    // The host that runs this test process when it is `dotnet`, else the one on the PATH.
    private static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
