using System.IO.Compression;

namespace Strata.Datasets;

/// <summary>
/// Reads NumPy's .npz format: a ZIP archive (members stored or deflated) of .npy files, one per
/// array, named key + ".npy". Numeric members are read as tensors; object members (Keras's IMDB
/// and Reuters sequences, pickled by numpy) go through <see cref="SafeUnpickler"/>, so a file can
/// hold int lists but can never run code.
/// </summary>
public static class Npz
{
    /// <summary>Reads every array of the .npz file at <paramref name="path"/> into memory.</summary>
    /// <exception cref="InvalidDataException">The file is not a ZIP archive, or a member is not a well-formed array; the message names the file and member.</exception>
    public static NpzFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': not a readable .npz file (a ZIP archive of .npy arrays): {e.Message}", e);
        }

        using (archive)
        {
            var numeric = new Dictionary<string, Tensor>();
            var objects = new Dictionary<string, PickledArray>();
            var keys = new List<string>();
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                // As numpy and Keras: the arrays are the .npy members; anything else in the archive is not an array.
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                string key = entry.FullName[..^4];
                if (keys.Contains(key)) throw new InvalidDataException($"'{path}': the archive holds two members named '{entry.FullName}'.");
                string source = $"'{path}' (member '{entry.FullName}')";
                byte[] bytes = ReadMember(entry, stream.Length, source);
                using var member = new MemoryStream(bytes, writable: false);
                NpyHeader header = NpyHeader.Read(member, source);
                if (header.IsObject)
                {
                    PickledArray array = SafeUnpickler.Load(bytes, (int)member.Position, source);
                    if (!array.Shape.SequenceEqual(header.Shape))
                    {
                        throw new InvalidDataException($"{source}: the .npy header declares shape {Shape.Format(header.Shape)}, the pickled array has {Shape.Format(array.Shape)}.");
                    }
                    objects[key] = array;
                }
                else
                {
                    numeric[key] = Npy.ReadBody(bytes, (int)member.Position, header, source);
                }
                keys.Add(key);
            }
            return new NpzFile(path, keys, numeric, objects);
        }
    }

    /// <summary>
    /// Decompresses one member. Its declared size is only a claim (a corrupted or hostile archive may
    /// lie), so the first array holds no more than deflate could make of the archive's bytes (at most
    /// 1032 times as many) and grows only with bytes actually read. An honest member fits the first
    /// array exactly, which keeps a 47 MB member to one array (doubling from 1 MiB cost 110 MB of fresh
    /// memory and 0.2 s of page faults).
    /// </summary>
    private static byte[] ReadMember(ZipArchiveEntry entry, long archiveLength, string source)
    {
        long declared = entry.Length;
        if (declared > Array.MaxLength) throw new InvalidDataException($"{source}: the member claims {declared} bytes, more than one array can hold.");
        const int MaxDeflateRatio = 1032;
        long producible = Math.Min(entry.CompressedLength, archiveLength) * MaxDeflateRatio;
        byte[] bytes = LargeArrays.New<byte>((int)Math.Min(declared, Math.Max(producible, 1 << 20)));
        int read = 0;
        try
        {
            using Stream input = entry.Open();
            while (read < declared)
            {
                if (read == bytes.Length) Array.Resize(ref bytes, (int)Math.Min(declared, 2L * bytes.Length));
                int n = input.Read(bytes, read, bytes.Length - read);
                if (n == 0) throw new InvalidDataException($"{source}: the member is truncated: it decompresses to {read} bytes, the archive declares {declared}.");
                read += n;
            }
            if (input.ReadByte() != -1) throw new InvalidDataException($"{source}: the member decompresses to more than the {declared} bytes the archive declares.");
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException && !e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: the member cannot be decompressed ({e.Message}); the file is corrupted — download it again.", e);
        }
        return bytes;
    }
}
