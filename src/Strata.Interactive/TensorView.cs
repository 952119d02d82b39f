using System.Globalization;
using System.Text;
using Strata.Plotting;

namespace Strata.Interactive;

/// <summary>
/// A tensor in a notebook. What a reader wants to see depends on the data: a few numbers read best as a
/// table, a picture-sized matrix (an MNIST digit, a kernel, an attention map) as an image, anything else as
/// NumPy prints it. The NumPy text is always there, folded under "values" when a table or image leads.
/// </summary>
internal static class TensorView
{
    // A matrix up to this many rows and columns is a table; a bigger one, up to MaxImageSide, is an image.
    public const int MaxTableSide = 20;

    // Up to this many small matrices (a (n, h, w) stack) show as one table each.
    public const int MaxTables = 8;

    public const int MaxImageSide = 1024;

    // A thinner matrix (a column of predictions, say) says nothing as a picture.
    public const int MinImageSide = 4;

    // Up to this many images of a (n, h, w) stack are drawn, ten to a row.
    public const int MaxImages = 100;

    // Images are enlarged, with crisp pixels, until about this many pixels a side: a 28 x 28 digit at 4x.
    private const int TargetSide = 112;

    public static string Html(Tensor tensor)
    {
        var html = new StringBuilder("<div class=\"strata-tensor\">");
        html.Append($"<p><code>Tensor shape={Interactive.Html.Encode(tensor.Shape.ToString())} dtype={tensor.DType.Name()}</code></p>");
        string? lead = Tables(tensor) ?? Images(tensor);
        string text = Interactive.Html.Preformatted(tensor.ToString());
        if (lead is null) return html.Append(text).Append("</div>").ToString();
        html.Append(lead);
        return html.Append($"<details><summary>values</summary>{text}</details></div>").ToString();
    }

    private static bool IsNumeric(DType dtype) => dtype is DType.Float32 or DType.Int32 or DType.Int64 or DType.UInt8;

    /// <summary>A vector or matrix of at most 20 x 20 as one table; up to eight such matrices as a table each.</summary>
    private static string? Tables(Tensor tensor)
    {
        if (!IsNumeric(tensor.DType) || tensor.Size == 0) return null;
        // The layout first: a tensor too big for tables is never turned into text cells (MNIST's 47 million values).
        (int count, int rows, int columns, bool rowIndices) = tensor.Shape.ToArray() switch
        {
            [int n] when n <= MaxTableSide => (1, 1, n, false),
            [int r, int c] when r <= MaxTableSide && c <= MaxTableSide => (1, r, c, true),
            [int k, int r, int c] when k <= MaxTables && r <= MaxTableSide && c <= MaxTableSide => (k, r, c, true),
            _ => (0, 0, 0, false),
        };
        if (count == 0) return null;
        string[] cells = CellTexts(tensor);
        if (tensor.Rank < 3) return Table(cells, 0, rows, columns, rowIndices);
        var html = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            html.Append($"<p>[{i}]</p>").Append(Table(cells, i * rows * columns, rows, columns, rowIndices));
        }
        return html.ToString();
    }

    // Headed by the column index and, for a matrix, each row by its own, as a NumPy user reads v[j] and m[i, j].
    private static string Table(string[] cells, int start, int rows, int columns, bool rowIndices)
    {
        string[] Index(int i) => rowIndices ? [i.ToString(CultureInfo.InvariantCulture)] : [];
        IEnumerable<IReadOnlyList<string>> body = Enumerable.Range(0, rows).Select(r => (IReadOnlyList<string>)
            [.. Index(r), .. cells.AsSpan(start + (r * columns), columns).ToArray()]);
        string[] header = [.. rowIndices ? [""] : Array.Empty<string>(), .. Enumerable.Range(0, columns).Select(c => c.ToString(CultureInfo.InvariantCulture))];
        return Interactive.Html.Table(header, body, column => !rowIndices || column > 0);
    }

    private static string[] CellTexts(Tensor tensor) => tensor.DType switch
    {
        DType.Float32 => [.. tensor.ToArray<float>().Select(v => v.ToString("G6", CultureInfo.InvariantCulture))],
        DType.Int32 => [.. tensor.ToArray<int>().Select(v => v.ToString(CultureInfo.InvariantCulture))],
        DType.Int64 => [.. tensor.ToArray<long>().Select(v => v.ToString(CultureInfo.InvariantCulture))],
        DType.UInt8 => [.. tensor.ToArray<byte>().Select(v => v.ToString(CultureInfo.InvariantCulture))],
        _ => throw new InvalidOperationException($"NotebookViews: no table cells for dtype {tensor.DType}."),
    };

    /// <summary>
    /// A matrix (height, width), or a stack (n, height, width) or (n, height, width, 1), as grayscale images in the
    /// book's colours (plt.cm.binary: 0 white, full ink black). UInt8 is drawn as 0..255; float data in 0..1 as it is,
    /// other ranges stretched from their minimum (white) to their maximum (black).
    /// </summary>
    private static string? Images(Tensor tensor)
    {
        if (!IsNumeric(tensor.DType) || tensor.Size == 0) return null;
        (int n, int h, int w) = tensor.Shape.ToArray() switch
        {
            [int hh, int ww] => (1, hh, ww),
            [int nn, int hh, int ww] => (nn, hh, ww),
            [int nn, int hh, int ww, 1] => (nn, hh, ww),
            _ => (0, 0, 0),
        };
        if (n is < 1 or > MaxImages || Math.Max(h, w) > MaxImageSide || Math.Min(h, w) < MinImageSide) return null;
        Tensor? images = tensor.DType == DType.UInt8 ? tensor.Reshape(n, h, w) : UnitRange(tensor, n, h, w);
        if (images is null) return null;
        int scale = Math.Clamp(TargetSide / Math.Max(h, w), 1, 8);
        string alt = $"{tensor.Shape} as {(n == 1 ? "an image" : $"{n} images")}";
        return Interactive.Html.Image(ImageGrid.ToPng(images, columns: Math.Min(n, 10), scale: scale), alt);
    }

    /// <summary>Float images in 0..1 for <see cref="ImageGrid"/>; null when a value is NaN or infinite (no gray for it).</summary>
    private static Tensor? UnitRange(Tensor tensor, int n, int h, int w)
    {
        float[] values = tensor.AsType(DType.Float32).ToArray<float>();
        if (values.Any(v => !float.IsFinite(v))) return null;
        float min = values.Min(), max = values.Max();
        if (min < 0 || max > 1)
        {
            // A constant tensor has no range to stretch: it draws blank.
            float range = max - min;
            for (int i = 0; i < values.Length; i++) values[i] = range > 0 ? (values[i] - min) / range : 0;
        }
        return Tensor.FromArray(values, n, h, w);
    }
}
