using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Strata.Datasets;

namespace Strata.Saving;

/// <summary>
/// Reads a model archive and checks it on the way: the zip structure, every entry's size and
/// CRC-32, the metadata's format and version, the weight index, and that each .npy agrees with
/// its index entry. Every problem becomes an <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    private readonly string _path;
    private readonly CheckedZip _zip;

    private ArchiveReader(string path)
    {
        _path = path;
        _zip = CheckedZip.Open(path, (member, problem, cause) => Invalid(member is null ? problem : $"entry '{member}' is corrupted: {problem}", cause));
    }

    public static ArchiveReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ArchiveReader(path);
    }

    public void Dispose() => _zip.Dispose();

    public InvalidDataException Invalid(string problem, Exception? inner = null) =>
        new($"'{_path}' is not a valid Strata model file: {problem}.", inner);

    /// <summary>Checks metadata.json and returns its format name (model or weights-only).</summary>
    public string ReadMetadata()
    {
        using JsonDocument doc = ReadJson(ModelArchive.MetadataEntry, "it has no metadata.json, so it was not written by Strata");
        JsonElement root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("metadata.json is not a JSON object");
        string? format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (format is not (ModelArchive.ModelFormat or ModelArchive.WeightsFormat))
        {
            throw Invalid($"metadata.json names the format '{format ?? "(none)"}', expected '{ModelArchive.ModelFormat}' or '{ModelArchive.WeightsFormat}'");
        }
        if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version) || version < 1)
        {
            throw Invalid("metadata.json has no valid format version (a positive integer)");
        }
        if (version > ModelArchive.FormatVersion)
        {
            string writer = root.TryGetProperty("strata_version", out var s) && s.ValueKind == JsonValueKind.String ? $" (Strata {s.GetString()})" : "";
            throw new InvalidDataException($"'{_path}' was written by a newer Strata{writer} in format version {version}; this Strata reads format version {ModelArchive.FormatVersion} and older. Update Strata to load it.");
        }
        return format;
    }

    public string ReadConfig()
    {
        byte[] bytes = ReadEntry(ModelArchive.ConfigEntry, "it has no config.json (the model's architecture)");
        try
        {
            string text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException)
        {
            throw Invalid($"config.json is not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>Whether the archive has this entry.</summary>
    public bool HasEntry(string name) => _zip.Find(name) is not null;

    /// <summary>Reads an index (by default the weights') and every array it lists, in order, checking each against its entry.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> ReadWeights(string indexEntry = ModelArchive.IndexEntry)
    {
        using JsonDocument doc = ReadJson(indexEntry, $"it has no {indexEntry} (the list of weights)");
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw Invalid($"{indexEntry} is not a JSON array");
        var weights = new List<(string, Tensor)>();
        int i = 0;
        foreach (JsonElement item in doc.RootElement.EnumerateArray())
        {
            var (name, shape, dtype, file) = ParseIndexItem(item, i, indexEntry);
            byte[] bytes = ReadEntry(file, $"{indexEntry} lists '{file}' for weight '{name}', but the archive has no such entry");
            Tensor value = Npy.Read(new MemoryStream(bytes, writable: false), $"{_path} [{file}]");
            if (value.Shape != shape || value.DType.Name() != dtype)
            {
                throw Invalid($"weight '{name}' is {dtype} {shape} in {indexEntry} but {value.DType.Name()} {value.Shape} in '{file}'");
            }
            weights.Add((name, value));
            i++;
        }
        return weights;
    }

    private (string Name, Shape Shape, string DType, string File) ParseIndexItem(JsonElement item, int i, string indexEntry)
    {
        string where = $"entry {i} of {indexEntry}";
        if (item.ValueKind != JsonValueKind.Object) throw Invalid($"{where} is not a JSON object");
        string name = String(item, "name", where);
        string dtype = String(item, "dtype", where);
        string file = String(item, "file", where);
        if (!item.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"{where} ('{name}') has no \"shape\" array");
        }
        var dims = new List<int>();
        foreach (JsonElement d in s.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0) throw Invalid($"{where} ('{name}') has an invalid shape {s.GetRawText()}");
            dims.Add(dim);
        }
        return (name, new Shape([.. dims]), dtype, file);
    }

    private string String(JsonElement item, string property, string where) =>
        item.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } value
            ? value
            : throw Invalid($"{where} has no \"{property}\" string");

    private JsonDocument ReadJson(string entry, string missing)
    {
        byte[] bytes = ReadEntry(entry, missing);
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw Invalid($"{entry} is not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>An entry's bytes, checked against the zip's sizes and CRC-32.</summary>
    private byte[] ReadEntry(string name, string missing) => _zip.Read(_zip.Find(name) ?? throw Invalid(missing));
}
