using System.IO.Compression;
using System.Text;

namespace Strata.Saving;

/// <summary>
/// A zip archive opened for reading with the checks .NET 10's <see cref="ZipArchive"/> leaves out:
/// every member's CRC-32 and size, and that each member's local header names the same file as the
/// central directory (Python's zipfile checks this too: a flipped bit in a directory name would
/// otherwise rename an array without a word). The central directory is read eagerly, inside the
/// error handling, so a damaged one fails here naming the file instead of later, lazily, without it.
/// Every problem becomes an <see cref="InvalidDataException"/> built by the owner's <see cref="Invalid"/>,
/// which says what kind of file it is.
/// </summary>
internal sealed class CheckedZip : IDisposable
{
    /// <summary>Builds the exception for a problem with the whole archive (<paramref name="member"/> null) or with one member.</summary>
    public delegate InvalidDataException Invalid(string? member, string problem, Exception? cause);

    /// <summary>Deflate makes at most ~1032 bytes of one; a member claiming more than this ratio has a damaged size.</summary>
    private const int MaxDeflateRatio = 1032;

    private readonly ZipArchive _zip;
    private readonly long _length;
    private readonly Invalid _invalid;

    private CheckedZip(ZipArchive zip, long length, Invalid invalid)
    {
        _zip = zip;
        _length = length;
        _invalid = invalid;
    }

    /// <summary>The members, in central-directory order.</summary>
    public IReadOnlyList<ZipArchiveEntry> Entries => _zip.Entries;

    /// <summary>Opens <paramref name="path"/>; <paramref name="invalid"/> turns a problem (and its cause) into the exception to throw.</summary>
    public static CheckedZip Open(string path, Invalid invalid)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            ZipArchive zip;
            try
            {
                zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false, Encoding.UTF8);
                _ = zip.Entries.Count; // reads the central directory now, where its errors can name the file
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
            {
                throw invalid(null, $"it is not a zip archive, or a truncated one ({e.Message})", e);
            }
            ZipLocalHeaders.Check(stream, zip.Entries.Count, problem => invalid(null, problem, null));
            return new CheckedZip(zip, stream.Length, invalid);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>The member named <paramref name="name"/>, or null.</summary>
    public ZipArchiveEntry? Find(string name) => _zip.GetEntry(name);

    /// <summary>
    /// A member's bytes, checked against the sizes and CRC-32 of the central directory. The declared size
    /// is only a claim, so the first array holds no more than deflate could make of the member's bytes,
    /// and grows only with bytes actually read; an honest member fits the first array exactly (a 47 MB
    /// member is one array, not a chain of doublings).
    /// </summary>
    public byte[] Read(ZipArchiveEntry entry)
    {
        string member = entry.FullName;
        long declared = entry.Length;
        if (entry.CompressedLength > _length || declared > Math.Min(Array.MaxLength, (long)MaxDeflateRatio * Math.Max(entry.CompressedLength, 1) + 64))
        {
            throw _invalid(member, $"the zip directory records impossible sizes ({entry.CompressedLength} compressed, {declared} uncompressed)", null);
        }
        byte[] bytes = LargeArrays.New<byte>((int)Math.Min(declared, Math.Max(entry.CompressedLength * MaxDeflateRatio, 1 << 20)));
        int read = 0;
        bool more;
        try
        {
            using Stream input = entry.Open();
            while (read < declared)
            {
                if (read == bytes.Length) Array.Resize(ref bytes, (int)Math.Min(declared, 2L * bytes.Length));
                int n = input.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            more = input.ReadByte() != -1;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            throw _invalid(member, $"the data cannot be decompressed ({e.Message})", e);
        }
        if (read < declared) throw _invalid(member, $"the data is truncated: it decompresses to {read} bytes, the zip directory records {declared}", null);
        if (more) throw _invalid(member, $"the data decompresses to more than the {declared} bytes the zip directory records", null);
        if (Crc32.Compute(bytes) != entry.Crc32)
        {
            throw _invalid(member, "its CRC-32 does not match the zip directory (the file was damaged after it was written)", null);
        }
        return bytes;
    }
}
