using System.Text;

namespace Strata;

public static partial class Utils
{
    /// <summary>
    /// A dataset of (texts, labels) batches (texts a string tensor of shape (batch,)) from a folder with one subfolder of .txt files per class, as
    /// keras.utils.text_dataset_from_directory (the IMDB reviews' <c>aclImdb/train/{neg,pos}</c> layout):
    /// classes are the subfolders in alphanumeric order (or <paramref name="classNames"/>), labels their
    /// indices, int32 (labelMode "int"), one-hot float32 ("categorical") or float32 (batch, 1) for two
    /// classes ("binary"). Texts are read as UTF-8, cut to <paramref name="maxLength"/> characters when
    /// given. Files are shuffled with <paramref name="seed"/>; <paramref name="validationSplit"/> with
    /// <paramref name="subset"/> "training" or "validation" takes the first or last part of them, so both
    /// calls need the same seed. Files are read ahead on a background thread.
    /// <code>
    /// var reviews = Utils.TextDatasetFromDirectory("aclImdb/train", batchSize: 32);
    /// var vectors = reviews.Map(b => (vectorize.Call(b.X), b.Y));   // or TextVectorization inside the model: model.Fit(reviews)
    /// </code>
    /// </summary>
    public static Dataset<(Tensor X, Tensor Y)> TextDatasetFromDirectory(string directory, string labelMode = "int",
        IReadOnlyList<string>? classNames = null, int batchSize = 32, int? maxLength = null, bool shuffle = true, int? seed = null,
        double? validationSplit = null, string? subset = null, bool followLinks = false, bool verbose = true)
    {
        const string op = "TextDatasetFromDirectory";
        ArgumentNullException.ThrowIfNull(directory);
        if (batchSize <= 0) throw new ArgumentException($"{op}: batchSize must be positive, got {batchSize}.", nameof(batchSize));
        if (maxLength <= 0) throw new ArgumentException($"{op}: maxLength must be positive, got {maxLength}.", nameof(maxLength));
        LabelledFiles files = LabelledFiles.Index(directory, classNames, f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase),
            followLinks, shuffle, seed, op, "text files", [".txt"]);
        files.CheckLabelMode(labelMode, directory, op);
        if (verbose) Engine.Output.WriteLine($"Found {files.Count} files belonging to {files.ClassNames.Count} classes.");
        files = files.Subset(validationSplit, subset, shuffle, seed, op, verbose);

        int classes = files.ClassNames.Count;
        Dataset<(string Path, int Label)> paths = Dataset.FromEnumerable(files.Entries);
        // As Keras: the file list shuffled again on each pass, in a buffer of 8 batches, then read.
        if (shuffle) paths = paths.Shuffle(batchSize * 8, seed);
        return paths.Batch(batchSize)
            .Map(batch => (Tensor.FromArray(batch.Select(e => Read(e.Path, maxLength)).ToArray()), LabelledFiles.Labels(batch, labelMode, classes)))
            .Prefetch(2).WithClassNames(files.ClassNames);
    }

    /// <summary>A file's text, or its first <paramref name="maxLength"/> characters.</summary>
    private static string Read(string path, int? maxLength)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        return maxLength is int max && text.Length > max ? text[..max] : text;
    }
}
