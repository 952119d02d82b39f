using Strata;
using StbImageWriteSharp;

/// <summary>
/// Writes a labelled image set as PNG files in one folder per class (the layout
/// Utils.ImageDatasetFromDirectory reads), once: the folders are written beside their final place and
/// renamed into it when complete, so an interrupted run never leaves a half-written set behind.
/// </summary>
internal static class PngFolders
{
    public static string WriteOnce(string root, string split, Tensor images, Tensor labels, IReadOnlyList<string> classNames)
    {
        string target = Path.Combine(root, split);
        if (Directory.Exists(target)) return target;
        string partial = target + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        foreach (string name in classNames) Directory.CreateDirectory(Path.Combine(partial, name));
        byte[] pixels = images.AsType(DType.UInt8).ToArray<byte>();
        int[] classes = labels.AsType(DType.Int32).ToArray<int>();
        int h = images.Shape[1], w = images.Shape[2], size = h * w;
        var writer = new ImageWriter();
        for (int i = 0; i < classes.Length; i++)
        {
            using FileStream file = File.Create(Path.Combine(partial, classNames[classes[i]], $"{i:D5}.png"));
            writer.WritePng(pixels.AsSpan(i * size, size).ToArray(), w, h, ColorComponents.Grey, file);
        }
        Directory.Move(partial, target);
        return target;
    }
}
