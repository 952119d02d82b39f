using Strata.Saving;

namespace Strata.Plotting;

/// <summary>
/// Writes a rendered PNG all at once or not at all: the bytes go to a hidden temporary file beside
/// the target (same folder, so the same file system) and are then renamed over it, so a crash or a
/// full disk never leaves a half-written chart where an old one was. The folder is created.
/// </summary>
internal static class PngFile
{
    /// <summary>Checks the path before any rendering work, so a typo fails fast.</summary>
    public static string Validate(string path, string operation)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{operation}: the path is empty; give a file name such as \"loss.png\".", nameof(path));
        }
        // PNG bytes under another extension would be a file that viewers open wrongly or not at all.
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{operation}: '{path}' does not end in .png; only PNG files are written.", nameof(path));
        }
        string target = Path.GetFullPath(path);
        if (Directory.Exists(target))
        {
            throw new IOException($"{operation}: cannot write '{path}': a directory has that name.");
        }
        return target;
    }

    public static void Write(string path, string operation, byte[] png)
    {
        string target = Validate(path, operation);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, operation, stream => stream.Write(png));
    }
}
