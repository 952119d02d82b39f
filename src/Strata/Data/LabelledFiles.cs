namespace Strata;

/// <summary>
/// The files of a folder with one subfolder per class, as Keras's dataset_utils.index_directory lists
/// them: classes in alphanumeric order (or as given), each class's files in path order, then shuffled
/// with the seed; and the training or validation part of them.
/// </summary>
internal sealed class LabelledFiles
{
    private LabelledFiles(IReadOnlyList<string> classNames, (string Path, int Label)[] entries)
    {
        ClassNames = classNames;
        Entries = entries;
    }

    public IReadOnlyList<string> ClassNames { get; }

    public (string Path, int Label)[] Entries { get; }

    public int Count => Entries.Length;

    public static LabelledFiles Index(string directory, IReadOnlyList<string>? classNames, Func<string, bool> wanted, bool followLinks,
        bool shuffle, int? seed, string op, string what, IEnumerable<string> formats)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{op}: the directory '{directory}' does not exist.");
        string[] subdirs = Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classNames is not null)
        {
            string[] missing = classNames.Where(c => !subdirs.Contains(c)).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException($"{op}: classNames must name subfolders of '{directory}'; it has [{string.Join(", ", subdirs)}], but not [{string.Join(", ", missing)}].", nameof(classNames));
            }
        }
        IReadOnlyList<string> classes = classNames ?? subdirs;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = followLinks ? 0 : FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        var entries = new List<(string Path, int Label)>();
        for (int label = 0; label < classes.Count; label++)
        {
            string folder = Path.Combine(directory, classes[label]);
            // Keras walks folders in path order and each folder's files in name order.
            entries.AddRange(Directory.EnumerateFiles(folder, "*", options).Where(wanted)
                .OrderBy(f => Path.GetDirectoryName(f), StringComparer.Ordinal).ThenBy(Path.GetFileName, StringComparer.Ordinal)
                .Select(f => (f, label)));
        }
        if (entries.Count == 0)
        {
            throw new ArgumentException($"{op}: no {what} found in '{directory}' (one subfolder per class; formats read: {string.Join(", ", formats)}).", nameof(directory));
        }
        (string Path, int Label)[] all = [.. entries];
        if (shuffle)
        {
            int[] order = Random.For(seed).Permutation(all.Length);
            all = order.Select(i => all[i]).ToArray();
        }
        return new(classes, all);
    }

    /// <summary>
    /// The files for <paramref name="subset"/> "training" (all but the last fraction) or "validation" (the last
    /// <paramref name="validationSplit"/> of them), as Keras's get_training_or_validation_split; all without a split.
    /// </summary>
    public LabelledFiles Subset(double? validationSplit, string? subset, bool shuffle, int? seed, string op, bool verbose)
    {
        if (validationSplit is null && subset is null) return this;
        if (validationSplit is null || subset is null)
        {
            throw new ArgumentException($"{op}: give validationSplit and subset together (subset \"training\" or \"validation\"), got validationSplit {validationSplit?.ToString() ?? "null"} and subset {subset ?? "null"}.");
        }
        if (!(validationSplit > 0 && validationSplit < 1)) throw new ArgumentException($"{op}: validationSplit must lie strictly between 0 and 1, got {validationSplit}.", nameof(validationSplit));
        if (subset is not ("training" or "validation"))
        {
            throw new ArgumentException($"{op}: subset must be \"training\" or \"validation\", got \"{subset}\" (for both, call twice with the same seed).", nameof(subset));
        }
        if (shuffle && seed is null)
        {
            throw new ArgumentException($"{op}: with validationSplit and shuffle, give a seed, so that the training and validation calls shuffle alike and do not overlap.", nameof(seed));
        }
        int validation = (int)(validationSplit.Value * Count);
        if (validation == 0 || validation == Count)
        {
            throw new ArgumentException($"{op}: validationSplit {validationSplit} of {Count} files leaves {Count - validation} for training and {validation} for validation; each needs at least one.", nameof(validationSplit));
        }
        (string Path, int Label)[] part = subset == "training" ? Entries[..^validation] : Entries[^validation..];
        if (verbose) Engine.Output.WriteLine($"Using {part.Length} files for {subset}.");
        return new(ClassNames, part);
    }

    /// <summary>Checks a label mode as Keras does: "int", "categorical", or "binary" for exactly two classes.</summary>
    public void CheckLabelMode(string labelMode, string directory, string op)
    {
        if (labelMode is not ("int" or "categorical" or "binary")) throw new ArgumentException($"{op}: labelMode must be \"int\", \"categorical\" or \"binary\", got \"{labelMode}\".", nameof(labelMode));
        if (labelMode == "binary" && ClassNames.Count != 2)
        {
            throw new ArgumentException($"{op}: labelMode \"binary\" needs exactly 2 classes, found {ClassNames.Count} in '{directory}' ({string.Join(", ", ClassNames)}); use \"int\" or \"categorical\".", nameof(labelMode));
        }
    }

    /// <summary>A batch's labels as the label mode says: int32 (batch), one-hot float32 (batch, classes), or float32 (batch, 1) for "binary".</summary>
    public static Tensor Labels((string Path, int Label)[] batch, string labelMode, int classes)
    {
        int[] labels = batch.Select(e => e.Label).ToArray();
        return labelMode switch
        {
            "int" => Tensor.FromArray(labels, labels.Length),
            "binary" => Tensor.FromArray(Array.ConvertAll(labels, l => (float)l), labels.Length, 1),
            _ => Utils.ToCategorical(Tensor.FromArray(labels, labels.Length), classes),
        };
    }
}
