using SkiaSharp;

namespace Strata.Plotting;

/// <summary>
/// Where each image of an <see cref="ImageGrid"/> goes: cells of (width x height) * scale pixels,
/// separated and surrounded by a gap, with a caption band under each when captions are drawn.
/// </summary>
internal readonly struct GridLayout
{
    public GridLayout(int count, int height, int width, int columns, int scale, bool captioned)
    {
        Columns = Math.Min(columns, count);
        Rows = (count + Columns - 1) / Columns;
        CellWidth = width * scale;
        CellHeight = height * scale;
        // Room for the frame line and some white around each image, growing with the scale.
        Gap = Math.Max(4, 2 * scale);
        // Readable under a 28-pixel digit at scale 3 (84 pixels), never tiny, never huge.
        CaptionFontSize = Math.Clamp(CellHeight / 6, 11, 28);
        CaptionHeight = captioned ? CaptionFontSize + Gap : 0;
        CanvasWidth = Gap + Columns * (CellWidth + Gap);
        CanvasHeight = Gap + Rows * (CellHeight + CaptionHeight + Gap);
    }

    public int Columns { get; }

    public int Rows { get; }

    public int CellWidth { get; }

    public int CellHeight { get; }

    public int Gap { get; }

    public int CaptionFontSize { get; }

    public int CaptionHeight { get; }

    public int CanvasWidth { get; }

    public int CanvasHeight { get; }

    /// <summary>The pixels image <paramref name="index"/> covers, row by row from the top left.</summary>
    public SKRectI ImageRect(int index)
    {
        int row = index / Columns, column = index % Columns;
        int left = Gap + column * (CellWidth + Gap);
        int top = Gap + row * (CellHeight + CaptionHeight + Gap);
        return SKRectI.Create(left, top, CellWidth, CellHeight);
    }
}
