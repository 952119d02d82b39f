using System.Diagnostics;

namespace Strata.Bench.Compare;

/// <summary>Where the repository, the peer project and the datasets are, found from this program's own location.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Strata.slnx, searched upward from the running assembly.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Strata.slnx"))) return dir.FullName;
        }

        throw new InvalidOperationException($"compare: Strata.slnx not found above {AppContext.BaseDirectory}; run it from the repository (dotnet run -c Release --project bench/Strata.Bench -- compare).");
    }

    public static string PeerProject(string root) => Path.Combine(root, "bench", "Peers", "Peers.csproj");

    /// <summary>The peer's apphost (or, where there is none, its dll, run through the dotnet host).</summary>
    public static (string FileName, string[] Prefix) PeerCommand(string root)
    {
        string output = Path.Combine(root, "bench", "Peers", "bin", "Release", "net10.0");
        string apphost = Path.Combine(output, OperatingSystem.IsWindows() ? "Peers.exe" : "Peers");
        return File.Exists(apphost) ? (apphost, []) : ("dotnet", [Path.Combine(output, "Peers.dll")]);
    }

    /// <summary>This program, started the way it was started (apphost, or dotnet + dll), to run Strata's workers.</summary>
    public static (string FileName, string[] Prefix) SelfCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(RepositoryPaths).Assembly.Location])
            : (process, []);
    }

    /// <summary>Builds the peer in Release (the build also weakens libLibTorchSharp.so's GLIBCXX_3.4.32 need).</summary>
    public static void BuildPeer(string root)
    {
        Console.WriteLine("building bench/Peers (Release; the first build restores TorchSharp-cpu, about 1 GB) ...");
        var start = new ProcessStartInfo("dotnet", ["build", PeerProject(root), "-c", "Release", "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process build = Process.Start(start)!;
        Task<string> output = build.StandardOutput.ReadToEndAsync(), errors = build.StandardError.ReadToEndAsync();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"compare: building bench/Peers failed:\n{output.Result}{errors.Result}");
    }

    /// <summary>
    /// STRATA_DATASETS for the workers: the caller's, else the repository's sibling ../shared/datasets where it
    /// exists (this project's convention), else null (the loaders then look in ~/.keras/datasets or download).
    /// </summary>
    public static string? Datasets(string root)
    {
        string? set = Environment.GetEnvironmentVariable("STRATA_DATASETS");
        if (!string.IsNullOrEmpty(set)) return set;
        string sibling = Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets"));
        return Directory.Exists(sibling) ? sibling : null;
    }
}
