using System.Globalization;
using Strata.Saving;

namespace Strata.Datasets;

/// <summary>
/// Checks a dataset file against its published hashes the first time it is used, and remembers the
/// result by path, size and modification time in a small cache file (in the user's local application
/// data), so each file is hashed once, not at every start. A file whose size or time changes is hashed
/// again. Damage that changes neither is caught by the formats' own checksums (zip CRC-32, gzip trailers).
/// </summary>
internal sealed class VerifiedFiles(string? cacheFile)
{
    private readonly Lock _lock = new();
    private HashSet<string>? _verified;

    /// <summary>The cache of this user, or none where the platform gives no local application data folder.</summary>
    public static VerifiedFiles Default { get; } = new(DefaultCacheFile());

    /// <summary>Throws unless <paramref name="path"/> has one of <paramref name="hashes"/> (none: nothing to check).</summary>
    /// <exception cref="InvalidDataException">The file's hash is none of the published ones; the message names the file.</exception>
    public void Check(string path, IReadOnlyList<string> hashes)
    {
        if (hashes.Count == 0) return;
        var info = new FileInfo(path);
        string key = string.Join('\t', info.FullName, info.Length.ToString(CultureInfo.InvariantCulture),
            info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture), hashes[0]);
        lock (_lock)
        {
            _verified ??= Load();
            if (_verified.Contains(key)) return;
        }
        // Each kind of digest is computed when a hash of that kind is first compared, so a file that
        // matches its first hash is read once; the error reports every digest computed.
        var digests = new Dictionary<bool, string>();
        string Digest(bool md5) => digests.TryGetValue(md5, out string? d) ? d : digests[md5] = DatasetFiles.Checksum(path, md5);
        if (!hashes.Any(h => h.Equals(Digest(md5: h.Length == 32), StringComparison.OrdinalIgnoreCase)))
        {
            string actual = string.Join(" and ", digests.Select(d => $"{(d.Key ? "md5" : "sha256")} is {d.Value}"));
            throw new InvalidDataException(
                $"'{path}' is not the published file: its {actual}, expected {string.Join(" or ", hashes)}. " +
                "The file is damaged or is another version: delete it and download or copy it again.");
        }
        lock (_lock)
        {
            if (_verified!.Add(key)) Save();
        }
    }

    private HashSet<string> Load()
    {
        try
        {
            return cacheFile is not null && File.Exists(cacheFile) ? [.. File.ReadAllLines(cacheFile)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // an unreadable cache only costs hashing again
        }
    }

    private void Save()
    {
        if (cacheFile is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
            string[] lines = [.. _verified!];
            AtomicFile.Write(cacheFile, "VerifiedFiles", s =>
            {
                using var writer = new StreamWriter(s, leaveOpen: true);
                foreach (string line in lines) writer.WriteLine(line);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home only costs hashing again next time.
        }
    }

    private static string? DefaultCacheFile()
    {
        string folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return folder.Length == 0 ? null : Path.Combine(folder, "strata", "verified-datasets.tsv");
    }
}
