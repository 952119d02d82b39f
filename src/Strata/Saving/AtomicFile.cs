namespace Strata.Saving;

/// <summary>
/// Writes a file all at once or not at all: the content goes to a temporary file beside the
/// target (same directory, so the same file system), is flushed to disk, and is then renamed over
/// the target. A failure at any point deletes the temporary file and leaves the target as it was;
/// a process killed mid-write leaves its temporary file, which the next save to the target removes
/// (<see cref="LeftoverTempFiles"/>).
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, string operation, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"{operation}: '{path}' is a root directory, not a file path.", nameof(path));
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{operation}: cannot write '{path}': the directory '{directory}' does not exist.");
        }
        if (Directory.Exists(target))
        {
            throw new IOException($"{operation}: cannot write '{path}': a directory has that name.");
        }

        string fileName = Path.GetFileName(target);
        LeftoverTempFiles.Remove(directory, fileName);
        string temp = Path.Combine(directory, LeftoverTempFiles.NameFor(fileName));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            TryDelete(temp);
            throw new UnauthorizedAccessException($"{operation}: cannot write '{path}': {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Cleanup is best effort: the original error is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
