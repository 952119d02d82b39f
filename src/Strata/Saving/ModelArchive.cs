using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Strata.Datasets;

namespace Strata.Saving;

/// <summary>
/// The Strata model file: a zip holding the model's JSON config, a metadata record, and every
/// weight as a NumPy .npy array with an index of names, shapes and dtypes (the layout is described
/// in docs/saving-format.md). Weights-only files are the same without the config. Writes are
/// atomic; reads check everything and name the file and the problem when something is wrong.
/// </summary>
public static class ModelArchive
{
    /// <summary>The format version this Strata writes, and the newest it reads.</summary>
    public const int FormatVersion = 1;

    internal const string ModelFormat = "strata.model";
    internal const string WeightsFormat = "strata.weights";
    internal const string MetadataEntry = "metadata.json";
    internal const string ConfigEntry = "config.json";
    internal const string IndexEntry = "weights/index.json";

    /// <summary>Writes a whole model: its config (JSON text) and its weights, in order.</summary>
    public static void Write(string path, string configJson, IReadOnlyList<(string Name, Tensor Value)> weights)
    {
        ArgumentNullException.ThrowIfNull(configJson);
        try
        {
            using var _ = JsonDocument.Parse(configJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"ModelArchive.Write: the model config is not valid JSON ({ex.Message}).", nameof(configJson), ex);
        }
        WriteArchive(path, ModelFormat, configJson, weights, "ModelArchive.Write");
    }

    /// <summary>Reads a model file written by <see cref="Write"/>: its config and its weights, in order.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid Strata model file; the message says why.</exception>
    public static (string ConfigJson, IReadOnlyList<(string Name, Tensor Value)> Weights) Read(string path)
    {
        using var reader = ArchiveReader.Open(path);
        string format = reader.ReadMetadata();
        if (format == WeightsFormat)
        {
            throw reader.Invalid("it is a weights-only file (written by SaveWeights) and holds no model config; load it into a built model with LoadWeights");
        }
        string config = reader.ReadConfig();
        return (config, reader.ReadWeights());
    }

    /// <summary>Writes weights only (what <c>model.SaveWeights</c> saves): the model file without its config.</summary>
    public static void WriteWeights(string path, IReadOnlyList<(string Name, Tensor Value)> weights) =>
        WriteArchive(path, WeightsFormat, configJson: null, weights, "ModelArchive.WriteWeights");

    /// <summary>Reads the weights of a weights-only file, or of a whole model file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid Strata weights or model file.</exception>
    public static IReadOnlyList<(string Name, Tensor Value)> ReadWeights(string path)
    {
        using var reader = ArchiveReader.Open(path);
        reader.ReadMetadata();
        return reader.ReadWeights();
    }

    internal static string WeightFile(int index) => $"weights/{index}.npy";

    private static void WriteArchive(string path, string format, string? configJson, IReadOnlyList<(string Name, Tensor Value)> weights, string operation)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(weights);
        AtomicFile.Write(path, operation, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
            WriteEntry(zip, MetadataEntry, CompressionLevel.Optimal, s => WriteMetadata(s, format));
            if (configJson is not null)
            {
                WriteEntry(zip, ConfigEntry, CompressionLevel.Optimal, s => s.Write(Encoding.UTF8.GetBytes(configJson)));
            }
            // One pass over the caller's list: a list that changes or fails mid-way still fails the whole write.
            var items = weights.ToArray();
            for (int i = 0; i < items.Length; i++)
            {
                var (name, value) = items[i];
                if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{operation}: weight {i} has no name.", nameof(weights));
                if (value is null) throw new ArgumentException($"{operation}: weight {i} ('{name}') is null.", nameof(weights));
            }
            WriteEntry(zip, IndexEntry, CompressionLevel.Optimal, s => WriteIndex(s, items));
            // Stored, not deflated, as numpy.savez does: float weights barely compress, and stored
            // entries read back at disk speed.
            for (int i = 0; i < items.Length; i++)
            {
                WriteEntry(zip, WeightFile(i), CompressionLevel.NoCompression, s => Npy.Write(s, items[i].Value));
            }
        });
    }

    private static void WriteEntry(ZipArchive zip, string name, CompressionLevel level, Action<Stream> write)
    {
        using Stream entry = zip.CreateEntry(name, level).Open();
        write(entry);
    }

    private static void WriteMetadata(Stream stream, string format)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", format);
        json.WriteNumber("version", FormatVersion);
        json.WriteString("strata_version", StrataVersion);
        json.WriteString("saved", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteIndex(Stream stream, (string Name, Tensor Value)[] items)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        for (int i = 0; i < items.Length; i++)
        {
            json.WriteStartObject();
            json.WriteString("name", items[i].Name);
            json.WriteStartArray("shape");
            foreach (int d in items[i].Value.Shape) json.WriteNumberValue(d);
            json.WriteEndArray();
            json.WriteString("dtype", items[i].Value.DType.Name());
            json.WriteString("file", WeightFile(i));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static string StrataVersion =>
        typeof(ModelArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelArchive).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
