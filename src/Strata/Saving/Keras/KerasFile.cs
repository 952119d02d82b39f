using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PureHDF;
using PureHDF.VOL.Native;

namespace Strata.Saving.Keras;

/// <summary>
/// Models saved by Python Keras: a Keras 3 <c>.keras</c> archive (a zip of config.json, metadata.json and
/// model.weights.h5) or a legacy HDF5 <c>.h5</c> (Keras 2's tf.keras and Keras 3's <c>save("m.h5")</c>: the
/// config in the root's <c>model_config</c> attribute, the weights under <c>model_weights</c>). The config is
/// rebuilt as a Strata model and the weights assigned to it; a .keras file's compile settings compile it.
/// </summary>
internal static class KerasFile
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'];

    internal const string ConfigEntry = "config.json", WeightsEntry = "model.weights.h5";

    /// <summary>Whether the file starts as HDF5 does.</summary>
    public static bool IsHdf5(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Hdf5Signature);
    }

    /// <summary>Whether a zip is Keras's: it holds model.weights.h5.</summary>
    public static bool IsKerasArchive(string path)
    {
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            return zip.GetEntry(WeightsEntry) is not null;
        }
        catch (InvalidDataException)
        {
            return false; // not a zip: the Strata reader says what is wrong with it
        }
    }

    /// <summary>A legacy Keras .h5 model.</summary>
    public static Model LoadLegacy(string path)
    {
        string source = $"'{path}'";
        using NativeFile file = Open(() => H5File.OpenRead(path), source);
        if (!file.AttributeExists("model_config"))
        {
            throw new InvalidDataException($"{source}: holds no model_config: it is a weights-only file (save_weights); build the model and call LoadWeights.");
        }
        string? version = file.AttributeExists("keras_version") ? H5Arrays.ReadString(file, "keras_version", source, "/") : null;
        bool keras2 = version?.StartsWith('2') == true;
        Model model = Build(H5Arrays.ReadString(file, "model_config", source, "/"), source, "the model_config attribute", new KerasModelConfig.Reading(keras2));
        if (!file.LinkExists("model_weights")) throw H5Arrays.Invalid(source, "model_weights", "is missing");
        KerasWeights.AssignLegacy(model, file.Group("model_weights"), source);
        if (file.AttributeExists("training_config")) CompileLegacy(model, H5Arrays.ReadString(file, "training_config", source, "/"), source);
        if (file.LinkExists("optimizer_weights")) LegacyOptimizerWeights.Restore(model, file.Group("optimizer_weights"), source, path, keras3: version?.StartsWith('3') == true);
        return model;
    }

    /// <summary>A Keras 3 .keras archive.</summary>
    public static Model LoadArchive(string path)
    {
        string source = $"'{path}'";
        using ZipArchive zip = ZipFile.OpenRead(path);
        string config = Encoding.UTF8.GetString(Entry(zip, ConfigEntry, source));
        using var weights = new MemoryStream(Entry(zip, WeightsEntry, source), writable: false);
        using NativeFile file = Open(() => H5File.Open(weights, leaveOpen: true), source);
        var reading = new KerasModelConfig.Reading(Keras2: false, Vocabulary: layerPath => Vocabulary(zip, file, layerPath, source));
        Model model = Build(config, source, ConfigEntry, reading);
        foreach (Layers.TextVectorization vectorize in model.Layers.OfType<Layers.TextVectorization>().Where(v => !v.Adapted))
        {
            throw new InvalidDataException($"{source}: TextVectorization '{vectorize.Name}' has no vocabulary: neither its config nor the archive's assets hold one.");
        }
        AssignKeras3(model, file, path);
        return model;
    }

    /// <summary>
    /// Keras 3 keeps an adapted TextVectorization's vocabulary as an asset (<c>assets/&lt;layer path&gt;/vocabulary.txt</c>,
    /// special tokens first) and its TF-IDF weights as its variable <c>idf_weights</c>; null when the archive has none.
    /// </summary>
    private static (string[] Tokens, float[]? Idf)? Vocabulary(ZipArchive zip, NativeFile weights, string layerPath, string source)
    {
        string asset = $"assets/{layerPath}/vocabulary.txt";
        if (zip.GetEntry(asset) is null) return null;
        string[] tokens = Encoding.UTF8.GetString(Entry(zip, asset, source)).Split('\n');
        int count = tokens.Length;
        while (count > 0 && tokens[count - 1].Length == 0) count--; // Keras drops trailing empty lines
        string dataset = $"{layerPath}/vars/idf_weights";
        float[]? idf = weights.LinkExists(dataset) ? H5Arrays.Read(weights.Dataset(dataset), source, dataset).ToArray<float>() : null;
        return (tokens[..count], idf);
    }

    /// <summary>
    /// Weights from an HDF5 file into a built model: Keras 3's layout (a <c>.weights.h5</c>), or the legacy one
    /// (a whole .h5 model's <c>model_weights</c>, or a Keras 2 weights-only file with <c>layer_names</c> at its root).
    /// </summary>
    public static void LoadWeights(Model model, string path)
    {
        string source = $"'{path}'";
        using NativeFile file = Open(() => H5File.OpenRead(path), source);
        if (file.LinkExists("model_weights")) KerasWeights.AssignLegacy(model, file.Group("model_weights"), source);
        else if (file.AttributeExists("layer_names")) KerasWeights.AssignLegacy(model, file, source);
        else AssignKeras3(model, file, path);
    }

    /// <summary>Keras 3's weights, then a compiled model's optimizer variables: optimizer/vars/0, 1, … in the optimizer's order.</summary>
    private static void AssignKeras3(Model model, NativeFile file, string path)
    {
        string source = $"'{path}'";
        KerasWeights.AssignKeras3(model, file, source);
        if (model.CompiledSettings is not null && file.LinkExists("optimizer/vars"))
        {
            IH5Group vars = file.Group("optimizer/vars");
            int count = vars.Children().Count();
            model.RestoreOptimizer(Enumerable.Range(0, count).Select(i => ($"optimizer/vars/{i}", H5Arrays.Read(vars.Dataset($"{i}"), source, $"optimizer/vars/{i}"))).ToArray(), path);
        }
    }

    /// <summary>The model a Keras config describes, compiled when it carries compile settings Strata can rebuild.</summary>
    private static Model Build(string json, string source, string document, KerasModelConfig.Reading reading)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the model config is not valid JSON: {e.Message}", e);
        }
        var root = new ConfigNode(node, source, "$", document);
        Model model;
        try
        {
            model = Random.Aside(() => KerasModelConfig.Build(root, reading));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: the model config describes a model that cannot be built: {e.Message}", e);
        }
        if (node!["compile_config"] is JsonObject)
        {
            string? reason = CompileConfig.Apply(model, root.Object("compile_config"));
            if (reason is not null) Engine.Warnings.WriteLine($"Strata: {source} was saved compiled, but {reason}; the model is loaded uncompiled: call Compile before training.");
        }
        return model;
    }

    /// <summary>
    /// A legacy file's training_config ({"optimizer_config": {"class_name", "config"}, "loss", "metrics", "loss_weights"})
    /// compiles the model as Keras 2 had it: Keras 2's "lr" is the learning rate; its time-based "decay" has no
    /// Strata counterpart, so a nonzero one leaves the model uncompiled, as any setting Strata cannot rebuild.
    /// </summary>
    private static void CompileLegacy(Model model, string json, string source)
    {
        var training = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: the training_config attribute is not a JSON object.");
        string? reason = null;
        var compile = new JsonObject { ["loss"] = training["loss"]?.DeepClone(), ["metrics"] = training["metrics"]?.DeepClone(), ["loss_weights"] = training["loss_weights"]?.DeepClone() };
        // tf.keras 2.4+ writes one list of metrics per output: a single output's is the model's list.
        if (training["metrics"] is JsonArray perOutput && perOutput.Count == 1 && perOutput[0] is JsonArray only) compile["metrics"] = only.DeepClone();
        if (training["optimizer_config"] is JsonObject optimizer && optimizer["config"] is JsonObject settings)
        {
            var config = (JsonObject)settings.DeepClone();
            if (config["lr"] is JsonNode lr && config["learning_rate"] is null) config["learning_rate"] = lr.DeepClone();
            config.Remove("lr");
            if ((double?)config["decay"] is double decay && decay != 0) reason = $"its optimizer has Keras 2's time-based decay {decay}, which Strata does not have";
            config.Remove("decay");
            compile["optimizer"] = new JsonObject { ["class_name"] = optimizer["class_name"]?.DeepClone(), ["config"] = config };
        }
        reason ??= CompileConfig.Apply(model, new ConfigNode(compile, source, "$", "the training_config attribute"));
        if (reason is not null) Engine.Warnings.WriteLine($"Strata: {source} was saved compiled, but {reason}; the model is loaded uncompiled: call Compile before training.");
    }

    private static byte[] Entry(ZipArchive zip, string name, string source)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{source}: the archive has no {name}.");
        if (entry.Length > int.MaxValue) throw new InvalidDataException($"{source}: {name} is larger than Strata reads ({entry.Length:N0} bytes).");
        using Stream stream = entry.Open();
        var bytes = new byte[entry.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static NativeFile Open(Func<NativeFile> open, string source)
    {
        PureHdfUnderAot.Prepare();
        try
        {
            return open();
        }
        catch (Exception e) when (e is not InvalidDataException and not FileNotFoundException and not DirectoryNotFoundException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{source}: is not a readable HDF5 file ({e.Message}).", e);
        }
    }
}
