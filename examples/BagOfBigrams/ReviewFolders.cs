using System.IO.Compression;
using System.Text;
using Strata;

/// <summary>
/// The IMDB reviews as the book has them, <c>aclImdb/{train,test}/{neg,pos}/&lt;id&gt;_&lt;rating&gt;.txt</c>,
/// written once from the datasets folder's TSV files (see its README: file_name, label, text per line).
/// </summary>
internal static class ReviewFolders
{
    /// <summary>
    /// The book's three datasets of (texts, labels) batches of 32: training and validation (a seeded 80/20 split of
    /// the training reviews, as the book moves 20% to a validation folder) and test, from folders under
    /// $STRATA_CACHE/aclImdb (or the temporary folder's strata/aclImdb), written on the first run.
    /// </summary>
    public static (string Root, Dataset<(Tensor X, Tensor Y)> Train, Dataset<(Tensor X, Tensor Y)> Validation, Dataset<(Tensor X, Tensor Y)> Test) Load()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string root = Path.Combine(Environment.GetEnvironmentVariable("STRATA_CACHE") ?? Path.Combine(Path.GetTempPath(), "strata"), "aclImdb");
        string trainDir = WriteOnce(root, "train"), testDir = WriteOnce(root, "test");
        Console.WriteLine($"Review folders ready in {root} ({clock.Elapsed.TotalSeconds:F1} s)");
        return (root,
            Utils.TextDatasetFromDirectory(trainDir, batchSize: 32, validationSplit: 0.2, subset: "training", seed: 1337),
            Utils.TextDatasetFromDirectory(trainDir, batchSize: 32, validationSplit: 0.2, subset: "validation", seed: 1337),
            Utils.TextDatasetFromDirectory(testDir, batchSize: 32, shuffle: false));
    }

    /// <summary>The split's folder under root, written on the first run (to a temporary folder, then moved, so a half-written one is never read).</summary>
    public static string WriteOnce(string root, string split)
    {
        string folder = Path.Combine(root, split);
        if (Directory.Exists(folder)) return folder;
        string datasets = Environment.GetEnvironmentVariable("STRATA_DATASETS")
            ?? throw new InvalidOperationException("Set STRATA_DATASETS to the folder that holds aclImdb/ (the shared datasets folder).");
        string tsv = Path.Combine(datasets, "aclImdb", $"aclImdb-{split}.tsv.gz");
        string partial = folder + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(Path.Combine(partial, "neg"));
        Directory.CreateDirectory(Path.Combine(partial, "pos"));
        using var reader = new StreamReader(new GZipStream(File.OpenRead(tsv), CompressionMode.Decompress), Encoding.UTF8);
        string header = reader.ReadLine() ?? "";
        if (header != "file_name\tlabel\ttext") throw new InvalidDataException($"'{tsv}': expected the header file_name, label, text; found \"{header}\".");
        // Split on LF only: the texts hold U+0085, which some readers take for a line break (ReadLine does not).
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            string[] fields = line.Split('\t');
            if (fields.Length != 3 || fields[1] is not ("0" or "1")) throw new InvalidDataException($"'{tsv}': a line is not file_name, label (0 or 1), text: \"{line[..Math.Min(80, line.Length)]}\".");
            File.WriteAllText(Path.Combine(partial, fields[1] == "1" ? "pos" : "neg", fields[0]), fields[2]);
        }
        Directory.Move(partial, folder);
        return folder;
    }
}
