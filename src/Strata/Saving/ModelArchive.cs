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
    internal const string OptimizerIndexEntry = "optimizer/index.json";

    /// <summary>Writes a whole model: its config (JSON text) and its weights, in order.</summary>
    public static void Write(string path, string configJson, IReadOnlyList<(string Name, Tensor Value)> weights) =>
        Write(path, configJson, weights, []);

    /// <summary>A whole model with its optimizer's state (the step counter, the learning rate, the slots, in Keras's order), for resuming training.</summary>
    internal static void Write(string path, string configJson, IReadOnlyList<(string Name, Tensor Value)> weights, IReadOnlyList<(string Name, Tensor Value)> optimizer)
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
        WriteArchive(path, ModelFormat, configJson, weights, "ModelArchive.Write", optimizer);
    }

    /// <summary>Reads a model file written by <see cref="Write(string, string, IReadOnlyList{ValueTuple{string, Tensor}})"/>: its config and its weights, in order.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid Strata model file; the message says why.</exception>
    public static (string ConfigJson, IReadOnlyList<(string Name, Tensor Value)> Weights) Read(string path)
    {
        (string config, IReadOnlyList<(string Name, Tensor Value)> weights, _) = ReadModel(path);
        return (config, weights);
    }

    /// <summary>A model file's config, weights and optimizer state (empty when the file holds none).</summary>
    internal static (string ConfigJson, IReadOnlyList<(string Name, Tensor Value)> Weights, IReadOnlyList<(string Name, Tensor Value)> Optimizer) ReadModel(string path)
    {
        using var reader = ArchiveReader.Open(path);
        string format = reader.ReadMetadata();
        if (format == WeightsFormat)
        {
            throw reader.Invalid("it is a weights-only file (written by SaveWeights) and holds no model config; load it into a built model with LoadWeights");
        }
        string config = reader.ReadConfig();
        return (config, reader.ReadWeights(), reader.HasEntry(OptimizerIndexEntry) ? reader.ReadWeights(OptimizerIndexEntry) : []);
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

    internal static string OptimizerFile(int index) => $"optimizer/{index}.npy";

    private static void WriteArchive(string path, string format, string? configJson, IReadOnlyList<(string Name, Tensor Value)> weights, string operation,
        IReadOnlyList<(string Name, Tensor Value)>? optimizer = null)
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
            WriteSection(zip, IndexEntry, WeightFile, weights, operation);
            if (optimizer is { Count: > 0 }) WriteSection(zip, OptimizerIndexEntry, OptimizerFile, optimizer, operation);
        });
    }

    /// <summary>An index of named arrays, then each array as .npy.</summary>
    private static void WriteSection(ZipArchive zip, string indexEntry, Func<int, string> file, IReadOnlyList<(string Name, Tensor Value)> arrays, string operation)
    {
        // One pass over the caller's list: a list that changes or fails mid-way still fails the whole write.
        var items = arrays.ToArray();
        for (int i = 0; i < items.Length; i++)
        {
            var (name, value) = items[i];
            if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{operation}: weight {i} has no name.", nameof(arrays));
            if (value is null) throw new ArgumentException($"{operation}: weight {i} ('{name}') is null.", nameof(arrays));
        }
        WriteEntry(zip, indexEntry, CompressionLevel.Optimal, s => WriteIndex(s, items, file));
        // Stored, not deflated, as numpy.savez does: float weights barely compress, and stored
        // entries read back at disk speed.
        for (int i = 0; i < items.Length; i++)
        {
            WriteEntry(zip, file(i), CompressionLevel.NoCompression, s => Npy.Write(s, items[i].Value));
        }
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

    private static void WriteIndex(Stream stream, (string Name, Tensor Value)[] items, Func<int, string> file)
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
            json.WriteString("file", file(i));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static string StrataVersion =>
        typeof(ModelArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelArchive).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
