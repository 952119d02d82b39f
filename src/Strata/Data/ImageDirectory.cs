namespace Strata;

public static partial class Utils
{
    /// <summary>
    /// A dataset of (images, labels) batches from a folder with one subfolder of images per class, as
    /// keras.utils.image_dataset_from_directory: classes are the subfolders in alphanumeric order (or
    /// <paramref name="classNames"/>), labels their indices. Images are decoded (PNG, JPEG, BMP, GIF) as
    /// float32 values in [0, 255], resized to <paramref name="imageSize"/> (256 × 256 by default), and
    /// batched (batch, height, width, channels). Labels are int32 (labelMode "int"), one-hot float32
    /// ("categorical") or float32 (batch, 1) for two classes ("binary"). Files are shuffled with
    /// <paramref name="seed"/>; <paramref name="validationSplit"/> with <paramref name="subset"/>
    /// "training" or "validation" takes the first or last part of the shuffled files, so both calls need
    /// the same seed. Decoding runs ahead on a background thread. The class names are in
    /// <see cref="Dataset{T}.ClassNames"/>.
    /// <code>
    /// var train = Utils.ImageDatasetFromDirectory("cats_vs_dogs/train", imageSize: (180, 180), batchSize: 32);
    /// </code>
    /// </summary>
    public static Dataset<(Tensor X, Tensor Y)> ImageDatasetFromDirectory(string directory, string labelMode = "int",
        IReadOnlyList<string>? classNames = null, string colorMode = "rgb", int? batchSize = 32, (int Height, int Width)? imageSize = null,
        bool shuffle = true, int? seed = null, double? validationSplit = null, string? subset = null, string interpolation = "bilinear",
        bool followLinks = false, bool cropToAspectRatio = false, bool verbose = true)
    {
        const string op = "ImageDatasetFromDirectory";
        ArgumentNullException.ThrowIfNull(directory);
        int channels = ImageFile.Channels(colorMode, op);
        (int height, int width) = imageSize ?? (256, 256);
        if (height <= 0 || width <= 0) throw new ArgumentException($"{op}: imageSize must be positive, got ({height}, {width}).", nameof(imageSize));
        if (batchSize <= 0) throw new ArgumentException($"{op}: batchSize must be positive, got {batchSize}.", nameof(batchSize));
        if (interpolation is not ("bilinear" or "nearest")) throw new ArgumentException($"{op}: interpolation must be \"bilinear\" or \"nearest\", got \"{interpolation}\".", nameof(interpolation));
        LabelledFiles files = LabelledFiles.Index(directory, classNames, ImageFile.IsImage, followLinks, shuffle, seed, op, "images", ImageFile.Extensions);
        files.CheckLabelMode(labelMode, directory, op);
        if (verbose) Engine.Output.WriteLine($"Found {files.Count} files belonging to {files.ClassNames.Count} classes.");
        files = files.Subset(validationSplit, subset, shuffle, seed, op, verbose);

        var loader = new ImageBatchLoader(channels, height, width, interpolation, cropToAspectRatio, labelMode, files.ClassNames.Count, op);
        Dataset<(string Path, int Label)> paths = Dataset.FromEnumerable(files.Entries);
        // As Keras: the file list shuffled again on each pass, in a buffer of 8 batches, then decoded.
        if (shuffle) paths = paths.Shuffle(batchSize is int b ? b * 8 : 1024, seed);
        Dataset<(Tensor X, Tensor Y)> dataset = batchSize is int size
            ? paths.Batch(size).Map(loader.Load)
            : paths.Map(e => loader.Load([e])).Map(b => (b.X[0], b.Y[0]));
        return dataset.Prefetch(2).WithClassNames(files.ClassNames);
    }
}
