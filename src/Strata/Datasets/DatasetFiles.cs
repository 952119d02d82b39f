using System.Security.Cryptography;
using Strata.Callbacks;
using Strata.Saving;

namespace Strata.Datasets;

/// <summary>
/// Where dataset files come from, in Strata's order: the folder in STRATA_DATASETS, then Keras's
/// cache ~/.keras/datasets (shared with Python Keras), then any loader-specific folder (Debian's
/// /usr/share/datasets/fashion-mnist), else a download from Keras's URL into that cache, with a
/// progress bar, a checksum check and an atomic rename.
/// </summary>
public static class DatasetFiles
{
    /// <summary>The folder Keras downloads datasets to.</summary>
    public static string KerasCache => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras", "datasets");

    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> SearchRoots(IEnumerable<string>? extraRoots = null)
    {
        var roots = new List<string>();
        string? configured = Environment.GetEnvironmentVariable("STRATA_DATASETS");
        if (!string.IsNullOrWhiteSpace(configured)) roots.Add(configured);
        roots.Add(KerasCache);
        roots.AddRange(extraRoots ?? []);
        return roots;
    }

    /// <summary>
    /// The first existing file among the relative paths, searched root by root; null if none. A file with
    /// published hashes (<see cref="PublishedHashes"/>) is checked against them on first use.
    /// </summary>
    /// <exception cref="InvalidDataException">The file found is not the published one.</exception>
    public static string? Find(IEnumerable<string> relativePaths, IEnumerable<string>? extraRoots = null)
    {
        string[] candidates = [.. relativePaths];
        foreach (string root in SearchRoots(extraRoots))
        {
            foreach (string relative in candidates)
            {
                string path = Path.Combine(root, relative);
                if (!File.Exists(path)) continue;
                VerifiedFiles.Default.Check(path, PublishedHashes.Of(relative));
                return path;
            }
        }
        return null;
    }

    /// <summary>
    /// The path of <paramref name="fileName"/>: found locally, or downloaded from
    /// <paramref name="origin"/> into the Keras cache and checked against <paramref name="hash"/>
    /// (sha256, or md5 when 32 hex digits).
    /// </summary>
    public static string Get(string fileName, string origin, string hash, IEnumerable<string>? extraRoots = null) =>
        Get(fileName, origin, hash, extraRoots, KerasCache);

    /// <summary>The same, downloading into <paramref name="cache"/> (tests use a temporary folder).</summary>
    internal static string Get(string fileName, string origin, string hash, IEnumerable<string>? extraRoots, string cache)
    {
        string? local = Find([fileName], extraRoots);
        if (local is not null) return local;
        string target = Path.Combine(cache, fileName);
        try
        {
            Download(origin, target, hash);
        }
        catch (HttpRequestException e)
        {
            throw new FileNotFoundException(
                $"Dataset file '{fileName}' was not found and could not be downloaded from {origin} ({e.Message}). " +
                $"Put the file in one of: {string.Join(", ", SearchRoots(extraRoots))} (e.g. set STRATA_DATASETS to a folder holding it).", fileName, e);
        }
        return target;
    }

    /// <summary>Downloads into a temporary file that becomes the target only once its checksum is right (AtomicFile).</summary>
    private static void Download(string origin, string target, string hash)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, "Download", output =>
        {
            using (var client = new HttpClient { Timeout = TimeSpan.FromMinutes(30) })
            using (HttpResponseMessage response = client.GetAsync(origin, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
            {
                response.EnsureSuccessStatusCode();
                long? total = response.Content.Headers.ContentLength;
                Engine.Output.WriteLine($"Downloading data from {origin}");
                var bar = new ProgressBar(total is long t ? (int)Math.Min(t, int.MaxValue) : null, unitName: "B");
                using Stream input = response.Content.ReadAsStream();
                var buffer = new byte[1 << 16];
                long done = 0;
                int read;
                while ((read = input.Read(buffer)) > 0)
                {
                    output.Write(buffer, 0, read);
                    done += read;
                    bar.Update((int)Math.Min(done, int.MaxValue), finalize: false);
                }
                bar.Update((int)Math.Min(done, int.MaxValue), finalize: true);
            }
            output.Position = 0;
            string actual = Checksum(output, hash.Length == 32);
            if (!actual.Equals(hash, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"The file downloaded from {origin} has checksum {actual}, expected {hash}: the download is corrupt or the file changed. Nothing was cached.");
            }
        });
    }

    /// <summary>The sha256 (or md5) of a file, lowercase hex.</summary>
    public static string Checksum(string path, bool md5 = false)
    {
        using FileStream stream = File.OpenRead(path);
        return Checksum(stream, md5);
    }

    private static string Checksum(Stream stream, bool md5) =>
        Convert.ToHexStringLower(md5 ? MD5.HashData(stream) : SHA256.HashData(stream));
}
