using SkiaSharp;

namespace Strata.Plotting;

/// <summary>
/// Saves grayscale images as a grid, each optionally captioned (its label, say), as the book's
/// "display the fourth digit" figure: <c>ImageGrid.Save(trainImages[..20], "digits.png", captions: labels)</c>.
/// Pixels are drawn as matplotlib's <c>cmap=plt.cm.binary</c> the book uses: 0 white, full ink black.
/// </summary>
public static class ImageGrid
{
    private const string Operation = "ImageGrid.Save";

    // A grid wider or taller than this is almost surely a whole dataset passed by mistake.
    private const int MaxSide = 32768;

    /// <summary>
    /// Writes the images (n, height, width), UInt8 0..255 or Float32 0..1, <paramref name="columns"/> per
    /// row, each enlarged <paramref name="scale"/> times with crisp pixels, to a PNG at <paramref name="path"/>
    /// (folder created, old file replaced atomically). <paramref name="captions"/>, if given, has one per image.
    /// </summary>
    public static void Save(Tensor images, string path, int columns = 10, IReadOnlyList<string>? captions = null, int scale = 3)
    {
        PngFile.Validate(path, Operation);
        PngFile.Write(path, Operation, ToPng(images, columns, captions, scale));
    }

    /// <summary>
    /// The same grid as <see cref="Save"/>, as PNG bytes instead of a file: for a notebook cell or a web page.
    /// </summary>
    public static byte[] ToPng(Tensor images, int columns = 10, IReadOnlyList<string>? captions = null, int scale = 3)
    {
        using SKBitmap bitmap = Render(images, columns, captions, scale);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, quality: 100);
        return png.ToArray();
    }

    /// <summary>The grid as a bitmap, before encoding: tests read its pixels here.</summary>
    internal static SKBitmap Render(Tensor images, int columns, IReadOnlyList<string>? captions, int scale)
    {
        GrayImages gray = GrayImages.From(images, Operation);
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), $"{Operation}: columns must be at least 1; got {columns}.");
        if (scale is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(scale), $"{Operation}: scale must be 1 to 64; got {scale}.");
        if (captions is not null && captions.Count != gray.Count)
        {
            throw new ArgumentException($"{Operation}: {captions.Count} captions for {gray.Count} images; give one caption per image (or none).", nameof(captions));
        }

        var layout = new GridLayout(gray.Count, gray.Height, gray.Width, columns, scale, captioned: captions is not null);
        if (layout.CanvasWidth > MaxSide || layout.CanvasHeight > MaxSide)
        {
            throw new ArgumentException(
                $"{Operation}: {gray.Count} images at scale {scale} make a {layout.CanvasWidth}x{layout.CanvasHeight} picture; " +
                $"the limit is {MaxSide} pixels a side. Save a slice, e.g. images[..100].", nameof(images));
        }

        var bitmap = new SKBitmap(layout.CanvasWidth, layout.CanvasHeight, SKColorType.Rgba8888, SKAlphaType.Opaque);
        try
        {
            using var canvas = new SKCanvas(bitmap);
            canvas.Clear(SKColors.White);
            using var frame = new SKPaint { Color = new SKColor(0xC0, 0xC0, 0xC0), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var font = new SKFont(ChartFont.Typeface, layout.CaptionFontSize);
            for (int i = 0; i < gray.Count; i++)
            {
                SKRectI cell = layout.ImageRect(i);
                using SKImage image = ToInkImage(gray, i);
                // Nearest sampling: each source pixel becomes a sharp scale x scale block, as imshow shows it.
                canvas.DrawImage(image, SKRect.Create(cell.Left, cell.Top, cell.Width, cell.Height), new SKSamplingOptions(SKFilterMode.Nearest));
                // The frame sits in the gap, outside the pixels, so it never changes an image.
                canvas.DrawRect(SKRect.Create(cell.Left - 0.5f, cell.Top - 0.5f, cell.Width + 1, cell.Height + 1), frame);
                if (captions is not null) DrawCaption(canvas, captions[i] ?? "", layout, cell, font, ink);
            }
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
        return bitmap;
    }

    // plt.cm.binary: value 0 is white paper, 255 is black ink.
    private static SKImage ToInkImage(GrayImages gray, int index)
    {
        var info = new SKImageInfo(gray.Width, gray.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var ink = new byte[gray.Width * gray.Height];
        gray.Pixels.AsSpan(index * ink.Length, ink.Length).CopyTo(ink);
        for (int p = 0; p < ink.Length; p++) ink[p] = (byte)(255 - ink[p]);
        return SKImage.FromPixelCopy(info, ink, gray.Width);
    }

    private static void DrawCaption(SKCanvas canvas, string caption, GridLayout layout, SKRectI cell, SKFont font, SKPaint ink)
    {
        if (caption.Length == 0) return;
        float size = layout.CaptionFontSize;
        // A long caption shrinks to its cell instead of running into the neighbour's.
        float measured = font.MeasureText(caption);
        float room = cell.Width + layout.Gap;
        using var fitted = new SKFont(font.Typeface, measured > room ? size * room / measured : size);
        float baseline = cell.Bottom + layout.Gap + size;
        canvas.DrawText(caption, cell.MidX, baseline, SKTextAlign.Center, fitted, ink);
    }
}
