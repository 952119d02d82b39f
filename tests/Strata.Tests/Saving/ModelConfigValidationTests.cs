using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Layers;
using Strata.Saving;

namespace Strata.Tests.Saving;

/// <summary>A damaged config.json inside a model file: every field checked before anything is built, errors naming file and JSON path.</summary>
public sealed class ModelConfigValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("strata-config-").FullName;
    private readonly string _path;
    private string? _original;

    public ModelConfigValidationTests()
    {
        _path = Path.Combine(_dir, "model.strata");
        var model = new Sequential([new InputLayer([4]), new Dense(3, "relu", name: "hidden"), new Dense(2, name: "out")]);
        model.Save(_path);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config()
    {
        using var zip = ZipFile.OpenRead(_path);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Rewrites config.json through a valid zip writer, so that only the config is wrong.</summary>
    private void SetConfig(string json)
    {
        using var zip = ZipFile.Open(_path, ZipArchiveMode.Update);
        zip.GetEntry("config.json")!.Delete();
        using Stream s = zip.CreateEntry("config.json").Open();
        s.Write(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Replaces config.json by an edited copy of the saved model's own (edits do not accumulate).</summary>
    private void EditConfig(Action<JsonNode> edit)
    {
        _original ??= Config();
        JsonNode root = JsonNode.Parse(_original)!;
        edit(root);
        SetConfig(root.ToJsonString());
    }

    private string LoadFails(params string[] fragments)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Model.Load(_path));
        Assert.Contains($"'{_path}'", ex.Message);
        foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        return ex.Message;
    }

    private static JsonNode Layer(JsonNode root, int i) => root["config"]!["layers"]![i]!;

    [Fact]
    public void DuplicateKeys_AreNamed()
    {
        SetConfig(Config().Replace("\"class_name\": \"Sequential\"", "\"class_name\": \"Sequential\", \"class_name\": \"Sequential\""));
        LoadFails("config.json is invalid", "class_name");
    }

    [Fact]
    public void AnUnknownClass_ListsTheKnownOnesAndHowToRegister()
    {
        EditConfig(root => Layer(root, 1)["class_name"] = "Lambda");
        LoadFails("$.config.layers[1].class_name is 'Lambda'", "Known classes: Sequential, Functional, Dense", "CustomObjects.Register");
    }

    [Fact]
    public void AHugeSize_FailsOnTheStoredWeightCount_WithoutAllocating()
    {
        EditConfig(root => Layer(root, 0)["config"]!["units"] = int.MaxValue);
        long before = GC.GetAllocatedBytesForCurrentThread();
        LoadFails("weight 'hidden/kernel' of shape (4, 2147483647)", "only 23 weight values");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the load allocated what the corrupted size asked for");
    }

    [Fact]
    public void AHugeInputShape_IsRefusedBeforeBuilding()
    {
        EditConfig(root => root["config"]!["build_input_shape"] = new JsonArray(-1, 50000, 50000));
        LoadFails("$.config.build_input_shape (50000, 50000)", "2,500,000,000 values");
    }

    [Fact]
    public void WrongTypesAndRanges_NameTheJsonPath()
    {
        EditConfig(root => Layer(root, 0)["config"]!["units"] = "three");
        LoadFails("$.config.layers[0].config.units must be an integer", "\"three\"");
        EditConfig(root => Layer(root, 0)["config"]!["units"] = 0);
        LoadFails("$.config.layers[0].config.units must be an integer in [1, 2147483647], got 0");
        EditConfig(root => Layer(root, 0)["config"]!["activation"] = "nope");
        LoadFails("$.config.layers[0].config (Dense) cannot be built", "nope");
        EditConfig(root => root["config"]!["layers"] = 7);
        LoadFails("$.config.layers must be an array, got 7");
    }

    [Fact]
    public void DuplicateLayerNames_AreRefused()
    {
        EditConfig(root => Layer(root, 1)["config"]!["name"] = "hidden");
        LoadFails("$.config.layers[1] is named 'hidden', as $.config.layers[0] is", "unique");
    }

    [Fact]
    public void AFunctionalStep_PointingPastTheTensors_IsRefused()
    {
        var input = new Input([4]);
        var model = new Model(input, new Dense(2, name: "d").Call(input));
        model.Save(_path);
        _original = null;
        EditConfig(root => root["config"]!["steps"]![0]!["inputs"] = new JsonArray(5));
        LoadFails("$.config.steps[0].inputs[0] must be an integer in [0, 0], got 5");
    }

    [Fact]
    public void LayersThatDoNotFit_SaySo()
    {
        EditConfig(root => Layer(root, 1)["config"]!["units"] = 1); // a 3 -> 1 layer, where the file stores a 3 -> 2 one
        LoadFails("weight 2 ('out/kernel') has shape (3, 2)");
    }

    [Fact]
    public void ACustomLayer_LoadsOnceRegistered()
    {
        var model = new Sequential([new InputLayer([3]), new Scale(2.5f, name: "scale")]);
        model.Save(_path);
        string message = LoadFails("'Scale', an unknown layer class");
        Assert.DoesNotContain("Scale,", message.Split("Known classes:")[1]);

        CustomObjects.Register(c => new Scale((float)c["factor"]!, (string?)c["name"]));
        Model loaded = Model.Load(_path);
        Assert.Equal(new[] { 2.5f, 5f, -7.5f }, loaded.Predict(Tensor.FromArray(new float[] { 1, 2, -3 }, 1, 3), verbose: 0).ToArray<float>());
    }

    /// <summary>A layer the library does not know: multiplies by a constant.</summary>
    [Fact]
    public void AConfigValueThatIsNotJsonIsNamedWhenSaving()
    {
        // Configs are written without reflection (trimming, AOT): numbers, strings, booleans, arrays and dictionaries.
        var model = new Sequential([new InputLayer([2]), new Opaque()]);
        using var folder = new Datasets.TempDirectory();
        foreach (string file in new[] { "opaque.zip", "opaque.keras" })
        {
            var e = Assert.Throws<NotSupportedException>(() => model.Save(Path.Combine(folder.Path, file)));
            Assert.Contains("'setting' is a Version", e.Message);
            Assert.False(File.Exists(Path.Combine(folder.Path, file)));
        }
    }

    private sealed class Opaque() : Layer("opaque")
    {
        protected override Tensor Call(Tensor inputs) => inputs;

        public override Dictionary<string, object?> GetConfig()
        {
            Dictionary<string, object?> config = base.GetConfig();
            config["nested"] = new Dictionary<string, object?> { ["sizes"] = new[] { 1, 2 }, ["rate"] = 0.5 };
            config["setting"] = new Version(1, 2);
            return config;
        }
    }

    private sealed class Scale(float factor, string? name = null) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * factor;

        public override Dictionary<string, object?> GetConfig()
        {
            Dictionary<string, object?> config = base.GetConfig();
            config["factor"] = factor;
            return config;
        }
    }
}
