using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PureHDF;

namespace Strata.Saving.Keras;

/// <summary>
/// Writes a model as Keras 3's <c>.keras</c> archive: metadata.json, config.json (<see cref="KerasConfigWriter"/>)
/// and model.weights.h5 laid out as Keras's own writer lays it out — an empty <c>vars</c> group for the model,
/// <c>layers/&lt;name&gt;/vars</c> for every layer (its <c>name</c> as an attribute), its weights as datasets
/// <c>0, 1, …</c> in Keras's order (or its parts' groups, as <see cref="KerasWeights.Keras3Layout"/> says), and a
/// compiled model's optimizer variables under <c>optimizer/vars</c>. The file is written to a temporary file and
/// renamed, so a failure never leaves half of it.
/// </summary>
internal static class KerasArchiveWriter
{
    /// <summary>The Keras version whose format this writes (metadata.json's keras_version, which Keras reads as the writer's).</summary>
    private const string KerasFormatVersion = "3.12.0";

    public static void Write(Model model, string path)
    {
        string config = KerasConfigWriter.Model(model).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        byte[] weights = Weights(model);
        string metadata = new JsonObject
        {
            ["keras_version"] = KerasFormatVersion,
            ["date_saved"] = DateTime.UtcNow.ToString("yyyy-MM-dd@HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["strata_version"] = typeof(KerasArchiveWriter).Assembly.GetName().Version?.ToString(),
        }.ToJsonString();
        AtomicFile.Write(path, "Model.Save", stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
            Entry(zip, "metadata.json", CompressionLevel.Optimal, Encoding.UTF8.GetBytes(metadata));
            Entry(zip, KerasFile.ConfigEntry, CompressionLevel.Optimal, Encoding.UTF8.GetBytes(config));
            Entry(zip, KerasFile.WeightsEntry, CompressionLevel.NoCompression, weights);
        });
    }

    /// <summary>Keras 3's weights-only file (<c>model.save_weights("m.weights.h5")</c>): the archive's model.weights.h5 on its own.</summary>
    public static void WriteWeights(Model model, string path)
    {
        byte[] weights = Weights(model);
        AtomicFile.Write(path, "Model.SaveWeights", stream => stream.Write(weights));
    }

    private static byte[] Weights(Model model)
    {
        var file = new H5File { ["vars"] = new H5Group() };
        foreach ((Layers.Layer layer, string path, IReadOnlyList<(string Group, Variable[] Weights)> parts) in KerasWeights.Keras3Layout(model, ""))
        {
            H5Group own = Group(file, $"{path}/vars");
            own.Attributes = new() { ["name"] = layer.Name };
            // Keras's TextVectorization keeps its TF-IDF weights as a named variable (its vocabulary is in the config).
            if (layer is Layers.TextVectorization { IdfWeights: float[] idf }) own["idf_weights"] = new H5Dataset(idf, fileDims: [(ulong)idf.Length]);
            foreach ((string group, Variable[] weights) in parts) Vars(Group(file, $"{group}/vars"), weights);
        }
        if (model.CompiledSettings is CompiledTraining compiled) Vars(Group(file, "optimizer/vars"), [.. compiled.Optimizer.Variables]);
        using var stream = new MemoryStream();
        PureHdfUnderAot.Prepare();
        file.Write(stream);
        return stream.ToArray();
    }

    /// <summary>Datasets "0", "1", … holding the weights' values.</summary>
    private static void Vars(H5Group vars, Variable[] weights)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            Tensor value = weights[i].Value;
            ulong[] dims = value.Shape.Dims.Select(d => (ulong)d).ToArray();
            object data = value.DType switch
            {
                DType.Float32 => value.ToArray<float>(),
                DType.Int64 => value.ToArray<long>(),
                DType.Int32 => value.ToArray<int>(),
                _ => throw new InvalidOperationException($"Model.Save: weight '{weights[i].Name}' is {value.DType.Name()}; a .keras file holds float and integer weights."),
            };
            // A rank-0 weight (the optimizer's step, its learning rate) is a scalar dataset, as h5py writes it.
            string key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            vars[key] = dims.Length == 0 ? new H5Dataset(((Array)data).GetValue(0)!) : new H5Dataset(data, fileDims: dims);
        }
    }

    /// <summary>The group at a slash-separated path, made with its parents where missing.</summary>
    private static H5Group Group(H5Group root, string path)
    {
        H5Group group = root;
        foreach (string part in path.Split('/'))
        {
            if (!group.TryGetValue(part, out object? child))
            {
                child = new H5Group();
                group[part] = child;
            }
            group = (H5Group)child;
        }
        return group;
    }

    private static void Entry(ZipArchive zip, string name, CompressionLevel level, byte[] bytes)
    {
        using Stream entry = zip.CreateEntry(name, level).Open();
        entry.Write(bytes);
    }
}
