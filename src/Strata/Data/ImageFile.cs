using StbImageSharp;

namespace Strata;

/// <summary>
/// Decodes PNG, JPEG, BMP and GIF files (the formats Keras's image_dataset_from_directory lists) with
/// StbImageSharp, a managed port of stb_image: no native code, no dependencies, Unlicense/MIT.
/// </summary>
internal static class ImageFile
{
    /// <summary>The file extensions Keras reads, lower-case.</summary>
    public static readonly string[] Extensions = [".bmp", ".gif", ".jpeg", ".jpg", ".png"];

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Channels per color mode: "grayscale" 1, "rgb" 3, "rgba" 4.</summary>
    public static int Channels(string colorMode, string op) => colorMode switch
    {
        "grayscale" => 1,
        "rgb" => 3,
        "rgba" => 4,
        _ => throw new ArgumentException($"{op}: colorMode must be \"grayscale\", \"rgb\" or \"rgba\", got \"{colorMode}\".", nameof(colorMode)),
    };

    /// <summary>The image as (height, width, channels) 8-bit values, converted to <paramref name="channels"/> channels.</summary>
    public static (byte[] Pixels, int Height, int Width) Decode(string path, int channels, string op)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new IOException($"{op}: cannot read '{path}': {e.Message}", e);
        }
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, channels switch
            {
                1 => ColorComponents.Grey,
                3 => ColorComponents.RedGreenBlue,
                _ => ColorComponents.RedGreenBlueAlpha,
            });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or OverflowException or EndOfStreamException)
        {
            // stb reports a bad file by throwing from wherever it noticed; what the user needs is which file.
            throw new InvalidDataException($"{op}: '{path}' is not a readable image ({bytes.Length} bytes; PNG, JPEG, BMP and GIF are read): {e.Message}", e);
        }
        if (image.Width <= 0 || image.Height <= 0 || image.Data.Length != image.Width * image.Height * channels)
        {
            throw new InvalidDataException($"{op}: '{path}' decoded to a {image.Width}x{image.Height} image with {image.Data.Length} values, not {channels} per pixel; the file is damaged.");
        }
        return (image.Data, image.Height, image.Width);
    }
}
