using System.IO.Compression;
using Strata.Saving;

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
    /// <exception cref="InvalidDataException">The file is not a ZIP archive, a member fails its CRC-32 or size check, or is not a
    /// well-formed array; the message names the file and member.</exception>
    public static NpzFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var zip = CheckedZip.Open(path, (member, problem, cause) => new InvalidDataException(member is null
            ? $"'{path}': not a readable .npz file (a ZIP archive of .npy arrays): {problem}."
            : $"'{path}' (member '{member}'): the file is corrupted: {problem}. Download or copy it again.", cause));
        var numeric = new Dictionary<string, Tensor>();
        var objects = new Dictionary<string, PickledArray>();
        var keys = new List<string>();
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            // As numpy and Keras: the arrays are the .npy members; anything else in the archive is not an array.
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
            string key = entry.FullName[..^4];
            if (keys.Contains(key)) throw new InvalidDataException($"'{path}': the archive holds two members named '{entry.FullName}'.");
            string source = $"'{path}' (member '{entry.FullName}')";
            byte[] bytes = zip.Read(entry);
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
