using System.Diagnostics;
using System.Globalization;

namespace Strata.Saving;

/// <summary>
/// Names <see cref="AtomicFile"/>'s temporary files, and removes those that a killed process left
/// beside a target. A name is <c>.{file}.{pid}.{guid}.strata-tmp</c>: hidden, unique, and it says
/// which process writes it, so a later save can tell a dead writer's leftover from a live save's file.
/// </summary>
/// <remarks>
/// A leftover is removed only when both hold: (1) its pid is not a live process, and is not this
/// process (whose other threads may be saving); (2) nobody holds the file open exclusively (every
/// writer does until it renames the file). Pid reuse makes (1) err on the safe side only: a dead
/// writer's pid taken by an unrelated process keeps the leftover until a save after that process
/// ends, but a live writer's pid is always live, so its file is never removed. (2) covers writers
/// whose pid means nothing here: another container or host sharing the directory.
/// Files of the older shape <c>.{file}.{guid}.tmp</c> carry no pid: they are removed once unlocked
/// and a minute old, far longer than a writer spends between closing its file and renaming it.
/// </remarks>
internal static class LeftoverTempFiles
{
    private const string Suffix = ".strata-tmp";
    private const string OldSuffix = ".tmp";
    private static readonly TimeSpan OldShapeMinimumAge = TimeSpan.FromMinutes(1);

    /// <summary>A fresh temporary file name for a target named <paramref name="fileName"/>.</summary>
    public static string NameFor(string fileName) =>
        $".{fileName}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}{Suffix}";

    /// <summary>Removes the leftovers of dead writers of <paramref name="fileName"/>; never throws.</summary>
    public static void Remove(string directory, string fileName)
    {
        try
        {
            foreach (string path in Candidates(directory, fileName))
            {
                if (IsLeftover(path, fileName)) TryDeleteUnlocked(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // Cleanup is a courtesy: the save itself must go on, and a later save tries again.
        }
    }

    private static IEnumerable<string> Candidates(string directory, string fileName)
    {
        // Hidden files included; the pattern only narrows the listing, IsLeftover decides.
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, MatchType = MatchType.Simple };
        return Directory.EnumerateFiles(directory, $".{fileName}.*", options);
    }

    private static bool IsLeftover(string path, string fileName)
    {
        string prefix = $".{fileName}.";
        string name = Path.GetFileName(path);
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        string rest = name[prefix.Length..];
        if (rest.EndsWith(Suffix, StringComparison.Ordinal))
        {
            string[] parts = rest[..^Suffix.Length].Split('.');
            return parts.Length == 2 && IsGuid(parts[1])
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid != Environment.ProcessId && !IsAlive(pid);
        }
        return rest.EndsWith(OldSuffix, StringComparison.Ordinal) && IsGuid(rest[..^OldSuffix.Length])
            && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > OldShapeMinimumAge;
    }

    private static bool IsGuid(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    private static bool IsAlive(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no process has that id
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true; // cannot tell (no access, no process API): keep the file
        }
    }

    private static void TryDeleteUnlocked(string path)
    {
        try
        {
            // Opening exclusively fails while a writer holds the file (a sharing violation on Windows,
            // an advisory lock on Unix); once open, the file is deleted on close, before the lock is released.
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Held, already gone, or not ours to delete: leave it.
        }
    }
}
