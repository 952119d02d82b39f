// The two ends of .ci/notebook-check.
//   source <notebook> <packages folder> <out>: the notebook with the local folder added as a package source ahead of
//     its "#r nuget" line, so the kernel loads the freshly packed Strata.Interactive.
//   verify <executed notebook>: no cell failed, the kernel showed Strata.Interactive's views (a tensor as an image and
//     as a table, a History's charts, the model's summary table), and the network reached the book's accuracy.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

return args switch
{
    ["source", string notebook, string packages, string output] => AddSource(notebook, packages, output),
    ["verify", string executed] => Verify(executed),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Strata.NotebookCheck source <notebook> <packages folder> <out> | verify <executed notebook>");
    return 2;
}

static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");

static int AddSource(string path, string packages, string output)
{
    JsonNode notebook = Read(path);
    JsonArray? source = notebook["cells"]!.AsArray()
        .Select(c => c!["source"]!.AsArray())
        .FirstOrDefault(s => s.Any(line => ((string?)line ?? "").StartsWith("#r \"nuget: Strata.Interactive", StringComparison.Ordinal)));
    if (source is null)
    {
        Console.Error.WriteLine($"notebook check: {path} has no cell with #r \"nuget: Strata.Interactive...\"");
        return 1;
    }
    source.Insert(0, $"#i \"nuget: {Path.GetFullPath(packages)}\"\n");
    File.WriteAllText(output, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

static int Verify(string path)
{
    JsonNode notebook = Read(path);
    var failures = new List<string>();
    var shown = new List<string>();
    int codeCells = 0;
    foreach (JsonNode? cell in notebook["cells"]!.AsArray())
    {
        if ((string?)cell!["cell_type"] != "code") continue;
        codeCells++;
        string source = string.Concat(cell["source"]!.AsArray().Select(s => (string?)s));
        JsonArray outputs = cell["outputs"]?.AsArray() ?? [];
        foreach (JsonNode? output in outputs)
        {
            string type = (string?)output!["output_type"] ?? "";
            string text = Text(output["text"]) + string.Concat((output["data"]?.AsObject() ?? []).Select(d => Text(d.Value)));
            if (type == "error" || (string?)output["name"] == "stderr" || (output["data"]?.AsObject().ContainsKey("application/vnd.code.notebook.error") ?? false))
            {
                failures.Add($"the cell \"{FirstLine(source)}\" failed: {Trim(text)}{Text(output["ename"])} {Text(output["evalue"])}");
            }
            shown.Add(text);
        }
    }
    string all = string.Join("\n", shown);

    Expect(codeCells > 0, "the notebook has no code cell");
    Expect(all.Contains("<code>(60000, 28, 28)</code>"), "trainImages.Shape did not show as (60000, 28, 28)");
    Expect(all.Contains("dtype=uint8</code></p><img src=\"data:image/png;base64,"), "no tensor was drawn as an image (trainImages[4]): are Strata.Interactive's formatters registered?");
    Expect(all.Contains("<code>Tensor shape=(10,) dtype=float32</code></p><table>"), "no tensor was shown as a table (predictions[0])");
    Expect(Regex.Count(all, "class=\"strata-history\"") == 1 && all.Contains("alt=\"loss by epoch\"") && all.Contains("alt=\"accuracy by epoch\""), "the History did not show its loss and accuracy charts");
    Expect(all.Contains("class=\"strata-model\"") && all.Contains("Total params: 407,050 (1.55 MB)"), "the model did not show Keras's summary table with 407,050 parameters");
    Match accuracy = Regex.Match(all, "test_acc: ([0-9.]+)");
    Expect(accuracy.Success, "no test_acc was shown");
    if (accuracy.Success)
    {
        double value = double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture);
        Expect(value >= 0.97, $"test_acc {value} is below the book's level (>= 0.97)");
        Console.WriteLine($"notebook check: {codeCells} code cells ran; shape, tensor image and table, History charts and model summary shown; test_acc {value}");
    }
    foreach (string failure in failures) Console.Error.WriteLine($"notebook check: {failure}");
    return failures.Count == 0 ? 0 : 1;

    void Expect(bool condition, string message)
    {
        if (!condition) failures.Add(message);
    }
}

static string Text(JsonNode? node) => node switch
{
    null => "",
    JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
    JsonValue value when value.TryGetValue(out string? s) => s,
    _ => node.ToJsonString(),
};

static string FirstLine(string source) => source.Split('\n')[0];

static string Trim(string text) => text.Length > 400 ? text[..400] + "..." : text;
